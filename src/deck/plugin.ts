import type { RevealApi } from 'reveal.js';

/** reveal's API as it is at run time: its bundled types miss the view controls. */
export interface Deck extends RevealApi {
  isScrollView(): boolean;
  isPrintView(): boolean;
  toggleScrollView(active?: boolean): void;
}

/** A reveal.js plugin, as reveal defines them: an id and an init that is handed the deck. */
export interface DeckPlugin {
  id: string;
  init(deck: Deck): void | Promise<void>;
  destroy?(): void;
}
