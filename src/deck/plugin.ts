import type { RevealApi } from 'reveal.js';

/** A reveal.js plugin, as reveal defines them: an id and an init that is handed the deck. */
export interface DeckPlugin {
  id: string;
  init(deck: RevealApi): void | Promise<void>;
  destroy?(): void;
}
