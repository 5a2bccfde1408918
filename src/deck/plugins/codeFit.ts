import { MIN_CODE_PX } from '../../core/sizes.ts';
import { type DeckPlugin, deckPlugin } from '../plugin.ts';

/** True while the block shows all its lines and columns and its slide's body holds it. */
function fits(pre: HTMLElement, body: HTMLElement | null): boolean {
  const wide = pre.scrollWidth > pre.clientWidth + 1;
  const tall = body ? body.scrollHeight > body.clientHeight + 1 : false;
  return !wide && !tall;
}

/**
 * Shrinks one code block, a pixel at a time from the theme's size, until its longest line and its
 * slide fit, and stops at `MIN_CODE_PX`: below that the room cannot read it, and the build's layout
 * check asks the author to split the block instead. Measured in slide pixels (reveal scales the
 * slide as a whole), so a block is fitted once, whatever the screen.
 */
export function fitCode(pre: HTMLElement): number {
  pre.style.removeProperty('font-size');
  const body = pre.closest<HTMLElement>('.slide-body');
  let size = parseFloat(getComputedStyle(pre).fontSize);
  while (size > MIN_CODE_PX && !fits(pre, body)) {
    size = Math.max(MIN_CODE_PX, size - 1);
    pre.style.fontSize = `${size}px`;
  }
  pre.dataset.fitted = String(size);
  return size;
}

/** Fits every block in `root` that is laid out now (reveal hides slides far from the current one). */
function fitIn(root: ParentNode, again = false): void {
  for (const pre of root.querySelectorAll<HTMLElement>(again ? 'pre.code' : 'pre.code:not([data-fitted])')) {
    if (pre.getClientRects().length > 0) fitCode(pre);
  }
}

export function codeFit(): DeckPlugin {
  return deckPlugin('lectern-code-fit', (deck, hookups) => {
    const fitCurrent = () => {
      const slide = deck.getCurrentSlide();
      // Print and scroll views lay out every slide at once.
      fitIn(deck.isPrintView() || deck.isScrollView() || !slide ? document : slide);
    };
    // Sizes depend on the deck's fonts: fit once they are in, and again for slides shown later.
    hookups.on(deck, 'ready', () => void document.fonts.ready.then(fitCurrent));
    hookups.on(deck, 'slidechanged', fitCurrent);
    // The print view moves every slide into its page once laid out: fit them all there, in place.
    hookups.on(deck, 'pdf-ready', () => fitIn(document, true));
  });
}
