import '../../themes/all.css';
import '../../themes/library.css';
import { applyThemeOverride } from '../shared/theme.ts';

// `/?theme=light` shows the library in that theme, and the decks it opens too.
const theme = applyThemeOverride();
if (theme) {
  for (const link of document.querySelectorAll<HTMLAnchorElement>('a.library-deck-link')) {
    const url = new URL(link.href);
    url.searchParams.set('theme', theme);
    link.href = url.href;
  }
}
