/**
 * The room's results for `--results` and `--report`, read from the talk's store without going through
 * a live server.
 *
 * The store is only read. The SQLite file is opened only if it exists (never created); in WAL mode a
 * reader neither waits for nor blocks the live server's writes, so exporting during a talk is safe and
 * sees every committed vote. Redis reads are plain reads beside the live server's scripts.
 */
import fs from 'node:fs';
import type { TalkResults } from '../../src/protocol.ts';
import { parseManifest } from '../loadDecks.ts';
import { readAllRuns, readRun, UnknownRunError } from '../results/readRuns.ts';
import type { RunRecord } from '../results/runSummary.ts';
import { buildResults } from '../results/talkResults.ts';
import { talkDataFile } from '../store/dataFile.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import type { StoredTalk, TalkStore } from '../store/types.ts';
import { Talk } from '../talk/talk.ts';
import { ExportError } from './errors.ts';

async function openFromSqlite(deck: string, file: string): Promise<{ store: TalkStore; source: string }> {
  if (!fs.existsSync(file))
    throw new ExportError(
      `no results recorded for ${deck} in ${file} (no such file; set LECTERN_DATA to the talk's data file)`,
    );
  return {
    store: openSqliteStore(file, { mustExist: true, synchronous: 'normal', setting: 'LECTERN_DATA' }),
    source: file,
  };
}

/** Loaded on demand: the Redis client is only needed for a talk served by several nodes. */
async function openFromRedis(url: string): Promise<{ store: TalkStore; source: string }> {
  const { openRedisStore } = await import('../store/redis.ts');
  const { redact } = await import('../store/redis/connection.ts');
  const source = redact(url);
  try {
    return { store: await openRedisStore(url, { connectTimeoutMs: 3000 }), source };
  } catch (error) {
    throw new ExportError(
      `could not read the results: ${error instanceof Error ? error.message : `cannot reach Redis at ${source}`}`,
    );
  }
}

/**
 * Runs `read` on the store the live server uses: Redis when `REDIS_URL` is set (a talk served by
 * several nodes), else the SQLite file. A run the speaker named that is not there is an `ExportError`.
 */
async function withTalkStore<T>(
  deck: string,
  root: string,
  env: NodeJS.ProcessEnv,
  read: (store: TalkStore, source: string) => Promise<T>,
): Promise<T> {
  const { store, source } = env.REDIS_URL
    ? await openFromRedis(env.REDIS_URL)
    : await openFromSqlite(deck, talkDataFile(root, undefined, env));
  try {
    return await read(store, source);
  } catch (error) {
    if (error instanceof UnknownRunError) throw new ExportError(error.message);
    throw error;
  } finally {
    await store.close();
  }
}

/** A run's stored ballots and ratings (the current run by default); fails when there are none. Needs no build, so it runs first. */
export async function readStoredTalk(
  deck: string,
  root: string,
  env: NodeJS.ProcessEnv = process.env,
  run?: string,
): Promise<StoredTalk> {
  return withTalkStore(deck, root, env, async (store, source) => {
    const record = await readRun(store, deck, run);
    const stored = record?.stored ?? (await store.load(deck));
    const roomSaid = (stored.questions?.length ?? 0) + (stored.lost?.length ?? 0);
    if (stored.ballots.length === 0 && stored.ratings.length === 0 && roomSaid === 0)
      throw new ExportError(`no results recorded for ${deck}${record ? ` in run ${record.run.id}` : ''} in ${source}`);
    return stored;
  });
}

/** The runs a report shows (`run`, default the current one, and `compare`), and every run for its list. */
export async function readReportRuns(
  deck: string,
  root: string,
  env: NodeJS.ProcessEnv,
  run: string | undefined,
  compare: string | undefined,
): Promise<{ shown: RunRecord[]; all: RunRecord[] }> {
  return withTalkStore(deck, root, env, async (store, source) => {
    const first = await readRun(store, deck, run);
    if (!first) throw new ExportError(`no runs recorded for ${deck} in ${source}: give the talk first`);
    const shown = [first];
    if (compare !== undefined) shown.push((await readRun(store, deck, compare))!);
    return { shown, all: await readAllRuns(store, deck) };
  });
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
