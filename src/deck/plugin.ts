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

/**
 * What a plugin has hooked up (reveal listeners, key bindings, the room's subscriptions, elements it
 * added), kept so that `destroy` undoes all of it.
 */
export class Hookups {
  private readonly undo: (() => void)[] = [];

  /** `deck.on`, remembered for `deck.off`. */
  on(deck: Deck, type: string, listener: EventListener): void {
    deck.on(type, listener);
    this.undo.push(() => deck.off(type, listener));
  }

  /** `deck.addKeyBinding`, remembered for `deck.removeKeyBinding`. */
  key(deck: Deck, binding: { keyCode: number; key: string; description: string }, run: () => void): void {
    deck.addKeyBinding(binding, run);
    this.undo.push(() => deck.removeKeyBinding(binding.keyCode));
  }

  /** Any unsubscribe function (`TalkState.subscribe`, `DeckRoom.onMode`, …) or other undo. */
  keep(undo: () => void): void {
    this.undo.push(undo);
  }

  /** Undoes everything, newest first. */
  release(): void {
    for (const undo of this.undo.splice(0).reverse()) undo();
  }
}

/** Every lectern plugin has this shape: an id, an init given the deck and its hookups, a destroy that releases them. */
export function deckPlugin(id: string, init: (deck: Deck, hookups: Hookups) => void): DeckPlugin {
  const hookups = new Hookups();
  return {
    id,
    init: (deck) => init(deck, hookups),
    destroy: () => hookups.release(),
  };
}
