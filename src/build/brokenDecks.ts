/**
 * A deck that does not build is left out, not fatal: the other decks build and the talk goes on. Each
 * broken deck is one fault, told once in at most three lines (where, why, what to do), and kept beside
 * the built decks so `lectern start` can say it again without building.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DeckError } from '../compile/errors.ts';

export interface BrokenDeck {
  /** The deck's folder name under `slides/`. */
  id: string;
  /** The deck file (or folder) as the author finds it, from the talk folder. */
  file: string;
  /** 0 when the fault is the folder itself. */
  line: number;
  reason: string;
  hint: string;
  /** The stack of a failure that is not a deck error (a bug, a file system error), shown with `--verbose`. */
  stack?: string;
}

/** Where the build keeps the broken decks: a dotfile, which the server never serves. */
export const BROKEN_DECKS_FILE = '.broken-decks.json';

const DEFAULT_HINT = 'the other decks are built; `lectern dev` shows this one as you fix it';

/** A failure while loading deck `id` as one fault: a deck error keeps its place; anything else is pinned to the file. */
export function brokenDeck(id: string, file: string, error: unknown): BrokenDeck {
  if (error instanceof DeckError)
    return { id, file: error.file, line: error.line, reason: error.reason, hint: error.hint ?? DEFAULT_HINT };
  const message = error instanceof Error ? error.message : String(error);
  return {
    id,
    file,
    line: 1,
    reason: message.split('\n')[0]!,
    hint: DEFAULT_HINT,
    ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
  };
}

/** The fault as printed: `file:line: reason`, then the hint (and with `verbose`, a stack if it has one). */
export function describeBrokenDeck(deck: BrokenDeck, verbose = false): string {
  const stack = verbose && deck.stack ? `\n${deck.stack}` : '';
  return `${deck.file}${deck.line > 0 ? `:${deck.line}` : ''}: ${deck.reason}\n  ${deck.hint}${stack}`;
}

/** Every broken deck, then a closing line; empty when there is none. */
export function describeBrokenDecks(decks: readonly BrokenDeck[], built: number, verbose = false): string {
  if (decks.length === 0) return '';
  const names = decks.map((deck) => deck.id).join(', ');
  const faults = decks.map((deck) => describeBrokenDeck(deck, verbose)).join('\n');
  return `${faults}\nlectern: ${decks.length === 1 ? '1 deck' : `${decks.length} decks`} not built (${names}); ${built} built`;
}

export function writeBrokenDecks(distDir: string, decks: readonly BrokenDeck[]): void {
  const file = path.join(distDir, BROKEN_DECKS_FILE);
  if (decks.length === 0) fs.rmSync(file, { force: true });
  else fs.writeFileSync(file, `${JSON.stringify(decks, null, 2)}\n`);
}

/** The broken decks of the last build into `distDir`; none when it had none (or there was no build). */
export function readBrokenDecks(distDir: string): BrokenDeck[] {
  try {
    return JSON.parse(fs.readFileSync(path.join(distDir, BROKEN_DECKS_FILE), 'utf8')) as BrokenDeck[];
  } catch {
    return [];
  }
}
