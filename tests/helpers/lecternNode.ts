/**
 * One lectern server, on 127.0.0.1: the real app (`createApp`) in this process, or the real
 * `server/main.ts` in a child process (stopped or killed by its PID, optionally with the probe that
 * measures it from inside). `lectern.ts` starts them; tests reach them through it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { type App, type AppDeps, createApp } from '../../server/app.ts';
import { openRedisCluster } from '../../server/cluster/redisCluster.ts';
import type { Logger } from '../../server/log.ts';
import { createMemoryStore } from '../../server/store/memory.ts';
import { openSqliteStore, type SyncMode } from '../../server/store/sqlite.ts';
import type { TalkStore } from '../../server/store/types.ts';
import { endingOf } from './childProcess.ts';
import { requestsTo } from './ipcChild.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PROBE = path.join(import.meta.dirname, 'probe.ts');
const START_TIMEOUT_MS = 30_000;

/** The app's settings a test may change (in process only: `server/main.ts` takes its own flags). */
export type AppOptions = Partial<
  Pick<
    AppDeps,
    | 'statsIntervalMs'
    | 'fanout'
    | 'audienceStatsIntervalMs'
    | 'allowedOrigins'
    | 'maxMessageBytes'
    | 'trustProxy'
    | 'sessions'
    | 'tokenGuesses'
    | 'maxPhonesPerIp'
    | 'failureReportMs'
    | 'wireHeartbeat'
  >
>;

/** Where and how a node keeps the talk, and what it serves. */
export interface NodeSpec {
  dist: string;
  token: string;
  store: 'memory' | 'sqlite' | 'redis';
  dataFile: string;
  redisUrl?: string;
  log: Logger;
  app: AppOptions;
  /** In process: how long the SQLite store retries writes against a lock held elsewhere. */
  busyRetryMs?: number;
  /** In process: SQLite's `synchronous` (`npm start` opens it with the store's default). */
  synchronous?: SyncMode;
  /** In process: the listen backlog (the bench opens thousands of sockets at once). */
  backlog?: number;
  /** In a child: preload the probe (event-loop lag, memory). */
  probe?: boolean;
  /** In a child: Node flags, e.g. `--expose-gc`. */
  nodeFlags?: string[];
  /** In a child: more `main.ts` flags. */
  args?: string[];
}

export interface LagFigures {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

export interface MemoryFigures {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  collected: boolean;
}

export interface LecternNode {
  url: string;
  port: number;
  /** The process serving it (this one, in process). */
  pid: number;
  /** In process: the app and its store. */
  app?: App;
  store?: TalkStore;
  /** Everything it printed (a child) or logged (in process). */
  output(): string;
  /** With the probe: event-loop delay since the last reset, and memory after three full collections. */
  resetLag(): Promise<void>;
  lag(): Promise<LagFigures>;
  memory(): Promise<MemoryFigures>;
  /** A crash: SIGKILL for a child, nothing flushed; in process, the app and store closed at once. */
  kill(): Promise<void>;
  /** A clean shutdown: SIGTERM (then SIGKILL after a few seconds) or `close()`. */
  stop(): Promise<void>;
}

/** A child that exited before it served: its exit code and what it printed. */
export class LecternExited extends Error {
  constructor(
    readonly code: number | null,
    readonly output: string,
  ) {
    super(`lectern exited (${code}) before it served:\n${output}`);
  }
}

const noProbe = () => Promise.reject(new Error('the probe runs only in a child started with `probe: true`'));

export async function startInProcessNode(spec: NodeSpec, port = 0): Promise<LecternNode> {
  const redis = spec.store === 'redis' ? await openRedisCluster(spec.redisUrl!, { log: spec.log }) : null;
  const store: TalkStore =
    redis?.store ??
    (spec.store === 'memory'
      ? createMemoryStore()
      : openSqliteStore(spec.dataFile, { busyRetryMs: spec.busyRetryMs, synchronous: spec.synchronous }));
  const app = await createApp({
    ...spec.app,
    store,
    cluster: redis?.cluster,
    presenterToken: spec.token,
    distDir: spec.dist,
    log: spec.log,
  });
  await new Promise<void>((resolve) =>
    app.httpServer.listen({ port, host: '127.0.0.1', backlog: spec.backlog ?? 511 }, resolve),
  );
  const address = app.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  let closed: Promise<void> | null = null;
  const close = () => {
    closed ??= (async () => {
      await app.close();
      await (redis ?? store).close();
    })();
    return closed;
  };
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    pid: process.pid,
    app,
    store,
    output: () => '',
    resetLag: noProbe,
    lag: noProbe,
    memory: noProbe,
    kill: close,
    stop: close,
  };
}

export async function startChildNode(spec: NodeSpec, port = 0): Promise<LecternNode> {
  if (spec.store === 'memory') throw new Error('server/main.ts has no in-memory store: use sqlite or redis');
  const store = spec.store === 'redis' ? ['--redis', spec.redisUrl!] : ['--data', spec.dataFile];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(spec.nodeFlags ?? []),
      '--import',
      'tsx',
      ...(spec.probe ? ['--import', PROBE] : []),
      'server/main.ts',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--no-build',
      '--dist',
      spec.dist,
      ...store,
      ...(spec.args ?? []),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, LECTERN_PRESENTER_TOKEN: spec.token, REDIS_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe', ...(spec.probe ? (['ipc'] as const) : [])],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const { kill, stop } = endingOf(child);

  const bound = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`lectern did not start within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = () => {
      const found = /lectern listening port=(\d+)/.exec(output)?.[1];
      if (!found) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(Number(found));
    };
    child.stdout!.on('data', onData);
    // `close`, not `exit`: by then the pipes hold nothing more it printed.
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new LecternExited(code, output));
    });
  });

  const probe = spec.probe ? requestsTo(child, 'the probe') : null;
  const ask = <T>(type: string): Promise<T> => (probe ? probe.request<T>({ type }, 30_000) : noProbe());
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    pid: child.pid ?? -1,
    output: () => output,
    resetLag: async () => {
      await ask('lag-reset');
    },
    lag: () => ask<LagFigures>('lag'),
    memory: () => ask<MemoryFigures>('memory'),
    kill,
    stop,
  };
}
