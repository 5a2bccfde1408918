/**
 * The real app on real built decks (the project's `dist/` by default), on 127.0.0.1 and a free port,
 * with a known presenter token and every log line kept: what the browser tests drive with Chromium.
 * `close()` closes the server, then the store, then removes the temp folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type App, type AppDeps, createApp } from '../../server/app.ts';
import type { Logger } from '../../server/log.ts';
import { createMemoryStore } from '../../server/store/memory.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { TalkStore } from '../../server/store/types.ts';
import { DIST } from './build.ts';

export interface RoomServer {
  base: string;
  token: string;
  app: App;
  store: TalkStore;
  /** The SQLite file (with `store: 'sqlite'`). */
  dataFile: string;
  /** Every line the server logged, in order. */
  logLines: string[];
  close(): Promise<void>;
}

export interface RoomServerOptions extends Partial<Pick<AppDeps, 'statsIntervalMs' | 'audienceStatsIntervalMs'>> {
  /** @defaultValue a fixed test token */
  token?: string;
  /** @defaultValue the project's `dist/` */
  distDir?: string;
  /** @defaultValue 'sqlite', a fresh file */
  store?: 'sqlite' | 'memory';
  /** How long the SQLite store retries writes against a lock held elsewhere. @defaultValue the store's */
  busyRetryMs?: number;
}

export async function startRoomServer(options: RoomServerOptions = {}): Promise<RoomServer> {
  const token = options.token ?? 'room-token-5b1e0d7c9a';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-room-'));
  const dataFile = path.join(dir, 'talks.sqlite');
  const store: TalkStore =
    options.store === 'memory' ? createMemoryStore() : openSqliteStore(dataFile, { busyRetryMs: options.busyRetryMs });
  const logLines: string[] = [];
  const log: Logger = { info: (line) => logLines.push(line), warn: (line) => logLines.push(line) };
  const app = await createApp({
    store,
    presenterToken: token,
    distDir: options.distDir ?? DIST,
    log,
    statsIntervalMs: options.statsIntervalMs,
    audienceStatsIntervalMs: options.audienceStatsIntervalMs,
  });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const address = app.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    base: `http://127.0.0.1:${address.port}`,
    token,
    app,
    store,
    dataFile,
    logLines,
    async close() {
      await app.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
