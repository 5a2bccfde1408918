/**
 * A build's first step, before Vite starts: every deck compiled (diagrams drawn, images resized), so a
 * broken one is left out of the bundle and told once rather than failing every page of the build.
 */
import { join, relative, sep } from 'node:path';
import { type BrokenDeck, brokenDeck } from './brokenDecks.ts';
import { DeckLoader, type LoadedDeck, listDecks } from './loadDeck.ts';

/** The decks of one build: those that load, and those left out with their fault. */
export interface PreparedDecks {
  /** The loader that loaded them, whose browser (if it started one) the layout check reuses. */
  loader: DeckLoader;
  decks: LoadedDeck[];
  broken: BrokenDeck[];
}

/** A deck's file as messages name it: from the talk folder, or absolute when the slides live elsewhere. */
export function deckFileOf(root: string, slidesDir: string, id: string): string {
  const path = join(slidesDir, id, 'deck.md');
  const fromRoot = relative(root, path);
  return fromRoot.startsWith('..') ? path : fromRoot.split(sep).join('/');
}

/** Loads every deck of `slidesDir`, in name order; `onDeck` is told of each deck that loads. */
export async function prepareDecks(
  root: string,
  slidesDir: string,
  onDeck?: (deck: LoadedDeck) => void,
): Promise<PreparedDecks> {
  const loader = new DeckLoader(root, slidesDir, true);
  const decks: LoadedDeck[] = [];
  const broken: BrokenDeck[] = [];
  for (const id of listDecks(slidesDir)) {
    try {
      const deck = await loader.load(id);
      onDeck?.(deck);
      decks.push(deck);
    } catch (error) {
      broken.push(brokenDeck(id, deckFileOf(root, slidesDir, id), error));
    }
  }
  return { loader, decks, broken };
}
