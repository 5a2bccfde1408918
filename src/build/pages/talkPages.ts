import type { BrokenDeck } from '../brokenDecks.ts';
import type { LoadedDeck } from '../loadDeck.ts';
import { deckPage } from './deckPage.ts';
import { joinChooserPage, libraryPage } from './libraryPage.ts';
import { joinPage, reportPage, speakerPage } from './roomPages.ts';

/** The pages every deck gets, by path below the deck's folder. */
export const DECK_PAGES = {
  'index.html': (deck: LoadedDeck) => deckPage(deck),
  'join/index.html': (deck: LoadedDeck) => joinPage(deck.manifest),
  'speaker/index.html': (deck: LoadedDeck) => speakerPage(deck.manifest),
  'report/index.html': (deck: LoadedDeck) => reportPage(deck.manifest),
} as const;

export type PageName = keyof typeof DECK_PAGES;

/** Every page of a build as Vite is handed it, by its path in the output folder. */
export function talkPages(decks: readonly LoadedDeck[], broken: readonly BrokenDeck[]): Record<string, string> {
  const manifests = decks.map((deck) => deck.manifest);
  const pages: Record<string, string> = {
    'index.html': libraryPage(manifests, broken),
    'join/index.html': joinChooserPage(manifests),
  };
  for (const deck of decks)
    for (const [page, html] of Object.entries(DECK_PAGES)) pages[`${deck.manifest.id}/${page}`] = html(deck);
  return pages;
}
