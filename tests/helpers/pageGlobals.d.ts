// What the tests read off a deck page from `page.evaluate`: the deck sets `window.Reveal`
// (src/deck/main.ts declares it for the pages; the tests are their own project).
import type { Deck } from '../../src/deck/plugin.ts';

declare global {
  interface Window {
    Reveal: Deck;
  }
}
