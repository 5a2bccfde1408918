import '../../themes/all.css';
import '../../themes/library.css';
