/**
 * Real lectern nodes for the cluster tests and bench: `server/main.ts` in child processes on
 * 127.0.0.1, each on a free port, on the fixture decks and one Redis (or, for comparison, a single
 * node on its own SQLite file). Stopped (or killed) by PID.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFixtureDist } from '../server/fixtureDist.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const START_TIMEOUT_MS = 30_000;

export const CLUSTER_TOKEN = 'cluster-test-token';

export interface LecternNode {
  name: string;
  url: string;
  port: number;
  pid: number;
  /** Everything the node printed, for failure messages. */
  output(): string;
  /** SIGKILL: the node dies with its sockets open. */
  kill(): Promise<void>;
  /** SIGTERM (a clean shutdown), then SIGKILL if it is still there after a few seconds. */
  stop(): Promise<void>;
}

/** A temp folder with the fixture decks built, shared by the nodes of one test file. */
export function fixtureFolder(): { dir: string; dist: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-cluster-'));
  return { dir, dist: writeFixtureDist(dir), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface NodeOptions {
  dist: string;
  /** Redis URL; without it the node keeps the talk in `data` alone (a single server). */
  redis?: string;
  /** SQLite file, when not on Redis. */
  data?: string;
}

export async function startNode(name: string, options: NodeOptions): Promise<LecternNode> {
  const store = options.redis
    ? ['--redis', options.redis]
    : ['--data', options.data ?? path.join(options.dist, '..', `${name}.sqlite`)];
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/main.ts',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--no-build',
      '--dist',
      options.dist,
      ...store,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, LECTERN_PRESENTER_TOKEN: CLUSTER_TOKEN, REDIS_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  proc.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node ${name} did not start:\n${output}`)), START_TIMEOUT_MS);
    const onData = () => {
      const found = /lectern listening port=(\d+)/.exec(output)?.[1];
      if (!found) return;
      clearTimeout(timer);
      proc.stdout!.off('data', onData);
      resolve(Number(found));
    };
    proc.stdout!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node ${name} exited (${code}):\n${output}`));
    });
  });

  const exited = () => proc.exitCode !== null || proc.signalCode !== null;
  const waitExit = (ms: number) =>
    new Promise<boolean>((resolve) => {
      if (exited()) return resolve(true);
      const timer = setTimeout(() => resolve(false), ms);
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  const signal = (sig: NodeJS.Signals) => {
    if (!exited() && proc.pid !== undefined) process.kill(proc.pid, sig);
  };

  return {
    name,
    url: `http://127.0.0.1:${port}`,
    port,
    pid: proc.pid ?? -1,
    output: () => output,
    async kill() {
      signal('SIGKILL');
      await waitExit(5000);
    },
    async stop() {
      signal('SIGTERM');
      if (!(await waitExit(5000))) {
        signal('SIGKILL');
        await waitExit(5000);
      }
    },
  };
}

export function startNodes(names: string[], dist: string, redisUrl: string): Promise<LecternNode[]> {
  return Promise.all(names.map((name) => startNode(name, { dist, redis: redisUrl })));
}
