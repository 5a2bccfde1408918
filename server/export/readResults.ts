/**
 * The room's results for `--results`, read from the talk's store without going through a live server.
 *
 * The store is only read. The SQLite file is opened only if it exists (never created); in WAL mode a
 * reader neither waits for nor blocks the live server's writes, so exporting during a talk is safe and
 * sees every committed vote. Redis reads are plain reads beside the live server's scripts.
 */
import fs from 'node:fs';
import type { TalkResults } from '../../src/protocol.ts';
import { parseManifest } from '../loadDecks.ts';
import { buildResults } from '../results/talkResults.ts';
import { talkDataFile } from '../store/dataFile.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import type { StoredTalk, TalkStore } from '../store/types.ts';
import { Talk } from '../talk/talk.ts';
import { ExportError } from './errors.ts';

async function loadFromSqlite(deck: string, file: string): Promise<{ stored: StoredTalk; source: string }> {
  if (!fs.existsSync(file))
    throw new ExportError(
      `no results recorded for ${deck} in ${file} (no such file; set LECTERN_DATA to the talk's data file)`,
    );
  const store = openSqliteStore(file, { mustExist: true, synchronous: 'normal', setting: 'LECTERN_DATA' });
  try {
    return { stored: await store.load(deck), source: file };
  } finally {
    await store.close();
  }
}

/** Loaded on demand: the Redis client is only needed for a talk served by several nodes. */
async function loadFromRedis(deck: string, url: string): Promise<{ stored: StoredTalk; source: string }> {
  const { openRedisStore } = await import('../store/redis.ts');
  const { redact } = await import('../store/redis/connection.ts');
  const source = redact(url);
  let store: TalkStore;
  try {
    store = await openRedisStore(url, { connectTimeoutMs: 3000 });
  } catch (error) {
    throw new ExportError(
      `could not read the results: ${error instanceof Error ? error.message : `cannot reach Redis at ${source}`}`,
    );
  }
  try {
    return { stored: await store.load(deck), source };
  } finally {
    await store.close();
  }
}

/**
 * What the store holds for a deck: the same store the live server uses, Redis when `REDIS_URL` is
 * set (a talk served by several nodes), else the SQLite file.
 */
function loadStoredTalk(
  deck: string,
  root: string,
  env: NodeJS.ProcessEnv,
): Promise<{ stored: StoredTalk; source: string }> {
  return env.REDIS_URL ? loadFromRedis(deck, env.REDIS_URL) : loadFromSqlite(deck, talkDataFile(root, undefined, env));
}

/** The stored ballots and ratings of a deck; fails when there are none. Needs no build, so it runs first. */
export async function readStoredTalk(
  deck: string,
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<StoredTalk> {
  const { stored, source } = await loadStoredTalk(deck, root, env);
  const roomSaid = (stored.questions?.length ?? 0) + (stored.lost?.length ?? 0);
  if (stored.ballots.length === 0 && stored.ratings.length === 0 && roomSaid === 0)
    throw new ExportError(`no results recorded for ${deck} in ${source}`);
  return stored;
}

/** Tallies, % right and the rating summary, computed by the live server's own results code. */
export function talkResults(
  manifestJson: unknown,
  manifestFile: string,
  stored: StoredTalk,
  at = new Date(),
): TalkResults {
  return buildResults(new Talk(parseManifest(manifestJson, manifestFile), stored), at);
}
