import { type DeckPlugin, deckPlugin } from '../plugin.ts';

/**
 * `V` toggles reveal's scroll view. `S` opens reveal's own speaker window; its plugin
 * (and the Markdown library inside it) is fetched on the first press, not with the deck.
 */
export function viewKeys(): DeckPlugin {
  return deckPlugin('lectern-view-keys', (deck, hookups) => {
    hookups.key(deck, { keyCode: 86, key: 'V', description: 'Toggle scroll view' }, () => {
      // reveal's layout switches scroll view off on wide screens unless the config asks for it.
      const scroll = !deck.isScrollView();
      deck.configure({ view: scroll ? 'scroll' : null });
      deck.toggleScrollView(scroll);
    });
    hookups.key(deck, { keyCode: 83, key: 'S', description: 'Speaker notes window' }, async () => {
      const { default: Notes } = await import('reveal.js/plugin/notes');
      if (!deck.hasPlugin('notes')) deck.registerPlugin(Notes());
      (deck.getPlugin('notes') as unknown as { open(): void }).open();
    });
  });
}
