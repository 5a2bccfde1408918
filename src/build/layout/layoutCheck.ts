import type { Browser } from 'playwright-core';
import type { SlideMeasure } from '../../core/layout.ts';
import { measureDeck } from './measureDeck.ts';

/**
 * One thing the author should fix though the deck still runs, as the build prints it: a slide element
 * that does not fit, or a diagram too big to read once fitted to its slide.
 */
export interface LayoutWarning {
  deck: string;
  file: string;
  line: number | null;
  /** reveal's address of the slide, `h.v`; empty when the compile step found it, by line. */
  slide: string;
  /** The fragment step it shows at (0: as the slide opens). */
  step: number;
  message: string;
}

/** `slides/x/deck.md:120: this code block needs 48 lines; 22 fit: split it` */
export function formatWarning(warning: LayoutWarning): string {
  const where = warning.line === null ? `${warning.file} (slide ${warning.slide})` : `${warning.file}:${warning.line}`;
  // A code step names its own step; anything else that appears only later says when.
  const when = warning.step > 0 && !warning.message.startsWith('step ') ? ` (from fragment step ${warning.step})` : '';
  return `${where}: ${warning.message}${when}`;
}

/** The compile step's warnings (diagrams too big to read) in the same list as the layout's. */
export function deckWarnings(
  deck: string,
  warnings: Array<{ file: string; line: number; message: string }>,
): LayoutWarning[] {
  return warnings.map((warning) => ({
    deck,
    file: warning.file,
    line: warning.line,
    slide: '',
    step: 0,
    message: warning.message,
  }));
}

/** One list, in deck-file order, so a warning reads next to its neighbours in the file. */
export function sortWarnings(warnings: LayoutWarning[]): LayoutWarning[] {
  return [...warnings].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || a.step - b.step);
}

/** The overflows one walk of a slide found, as warnings; `address` names the slide (reveal's own when left out). */
export function overflowWarnings(
  deck: { id: string; file: string },
  slide: SlideMeasure,
  address = `${slide.h}.${slide.v}`,
): LayoutWarning[] {
  return slide.overflows.map((overflow) => ({
    deck: deck.id,
    file: deck.file,
    line: overflow.line,
    slide: address,
    step: overflow.step,
    message: overflow.message,
  }));
}

/**
 * Lays out each deck in the browser, one page per deck, and lists every element that overflows its
 * slide at any fragment step. `deckUrl` gives the address a deck is served at.
 */
export async function checkLayout(
  browser: Browser,
  decks: Array<{ id: string; file: string }>,
  deckUrl: (id: string) => string,
): Promise<LayoutWarning[]> {
  const warnings: LayoutWarning[] = [];
  for (const deck of decks)
    for (const slide of await measureDeck(browser, deckUrl(deck.id))) warnings.push(...overflowWarnings(deck, slide));
  return warnings;
}
