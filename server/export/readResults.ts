/**
 * The room's results for `--results`, read from the talk's store without going through a live server.
 *
 * The SQLite store is opened on the existing file only (never created) and only read: in WAL mode a
 * reader neither waits for nor blocks the live server's writes, so exporting during a talk is safe and
 * sees every committed vote.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TalkResults } from '../../src/protocol.ts';
import { parseManifest } from '../decks.ts';
import { buildResults } from '../results.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import type { StoredTalk } from '../store/types.ts';
import { Talk } from '../talk.ts';
import { ExportError } from './errors.ts';

/** Where the talk's SQLite file is: `LECTERN_DATA`, else the same default as `npm start`. */
export function dataFile(root: string, env: NodeJS.ProcessEnv): string {
  return path.resolve(root, env.LECTERN_DATA ?? path.join('.lectern', 'talks.sqlite'));
}

/**
 * What the store holds for a deck. The one place that picks a store: a Redis store (`REDIS_URL`)
 * would be opened here behind the same `TalkStore` interface.
 */
async function loadStoredTalk(deck: string, root: string, env: NodeJS.ProcessEnv): Promise<{ stored: StoredTalk; source: string }> {
  const file = dataFile(root, env);
  if (!fs.existsSync(file)) throw new ExportError(`no results recorded for ${deck} in ${file} (no such file; set LECTERN_DATA to the talk's data file)`);
  const store = openSqliteStore(file, { mustExist: true, synchronous: 'normal' });
  try {
    return { stored: await store.load(deck), source: file };
  } finally {
    await store.close();
  }
}

/** The stored ballots and ratings of a deck; fails when there are none. Needs no build, so it runs first. */
export async function readStoredTalk(deck: string, root: string, env: NodeJS.ProcessEnv = process.env): Promise<StoredTalk> {
  const { stored, source } = await loadStoredTalk(deck, root, env);
  if (stored.ballots.length === 0 && stored.ratings.length === 0) throw new ExportError(`no results recorded for ${deck} in ${source}`);
  return stored;
}

/** Tallies, % right and the rating summary, computed by the live server's own results code. */
export function talkResults(manifestJson: unknown, manifestFile: string, stored: StoredTalk, at = new Date()): TalkResults {
  return buildResults(new Talk(parseManifest(manifestJson, manifestFile), stored), at);
}
