/**
 * Which built copy of a deck the export prints. A fresh `dist/` is used as it is. A stale or missing
 * one is not rebuilt in place, since a live talk may be serving it: the export builds its own copy in
 * a temporary folder instead and removes it afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isStale } from '../../src/build/buildIfStale.ts';
import { DECK_NAME } from '../../src/compile/deckName.ts';
import { ExportError } from './errors.ts';

export interface BuiltDecks {
  /** Folder holding `<deck>/index.html`, `<deck>/manifest.json` and `assets/`. */
  dir: string;
  /** True when the export built its own copy (and `dispose` removes it). */
  built: boolean;
  dispose(): void;
}

/** Fails with the list of known decks when `deck` is not a folder of `slides/` with a `deck.md`. */
export async function checkDeckExists(root: string, deck: string): Promise<void> {
  const slidesDir = path.join(root, 'slides');
  if (DECK_NAME.test(deck) && fs.existsSync(path.join(slidesDir, deck, 'deck.md'))) return;
  // Loaded only for this message: it brings the whole compiler along.
  const { listDecks } = await import('../../src/build/loadDeck.ts');
  const known = listDecks(slidesDir);
  const list = known.length ? `known decks: ${known.join(', ')}` : 'there are no decks in slides/';
  throw new ExportError(`unknown deck "${deck}": ${list}`);
}

export function needsBuild(root: string, distDir: string, deck: string): boolean {
  return !fs.existsSync(path.join(distDir, deck, 'manifest.json')) || isStale(root, distDir);
}

/** The talk folder's build, into a private temporary folder; fails when `deck` itself does not build. */
async function buildPrivateCopy(root: string, deck: string): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-export-'));
  try {
    // Loaded only when a build is needed: importing Vite costs most of a second.
    const { buildTalk } = await import('../../src/build/buildTalk.ts');
    const { broken } = await buildTalk(root, { outDir, say: () => {} });
    const fault = broken.find((other) => other.id === deck);
    if (fault) {
      const { describeBrokenDeck } = await import('../../src/build/brokenDecks.ts');
      throw new Error(describeBrokenDeck(fault));
    }
  } catch (error) {
    fs.rmSync(outDir, { recursive: true, force: true });
    throw new ExportError(`building the decks failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return outDir;
}

export interface DeckSourceOptions {
  root: string;
  distDir: string;
  deck: string;
  /** Print `distDir` even when older than its sources (`--no-build`). */
  useDistAsIs: boolean;
}

/** @param onBuild told why, just before a build starts. */
export async function builtDecks(
  { root, distDir, deck, useDistAsIs }: DeckSourceOptions,
  onBuild: (reason: string) => void = () => {},
): Promise<BuiltDecks> {
  if (useDistAsIs || !needsBuild(root, distDir, deck)) {
    if (!fs.existsSync(path.join(distDir, deck, 'index.html')))
      throw new ExportError(`${deck} is not built: run npm run build`);
    return { dir: distDir, built: false, dispose: () => {} };
  }
  onBuild(
    fs.existsSync(path.join(distDir, deck))
      ? 'dist/ is older than the slides: building a private copy'
      : `${deck} is not in dist/: building a private copy`,
  );
  const dir = await buildPrivateCopy(root, deck);
  return { dir, built: true, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
