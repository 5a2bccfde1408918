import '../../themes/all.css';
import '../../themes/deck.css';
import '../../themes/library.css';
