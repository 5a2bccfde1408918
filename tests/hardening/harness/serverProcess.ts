/**
 * The real server (`server/main.ts`) in a child process on 127.0.0.1, with the probe preloaded, on a
 * SQLite file or a Redis. A fixed port lets a test kill it and start it again where its phones
 * reconnect. Stopped or killed by its PID.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const PROBE = path.join(import.meta.dirname, 'probe.ts');
const START_TIMEOUT_MS = 30_000;

export const HARDENING_TOKEN = 'hardening-presenter-token-7f3a9c';

export interface ServerProcessOptions {
  dist: string;
  /** SQLite file (the default store); required without `redis`. */
  data?: string;
  /** One node of a cluster on this Redis, instead of SQLite. */
  redis?: string;
  /** @defaultValue 0: any free port */
  port?: number;
  /** @defaultValue HARDENING_TOKEN */
  token?: string;
  /** Node flags, e.g. `--expose-gc`. */
  nodeFlags?: string[];
  /** More `main.ts` flags. */
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

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  /** Everything it printed, stdout and stderr interleaved. */
  output(): string;
  resetLag(): Promise<void>;
  lag(): Promise<LagFigures>;
  /** Memory after three full collections (with `--expose-gc`). */
  memory(): Promise<MemoryFigures>;
  /** SIGKILL: no shutdown, nothing flushed. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after a few seconds. */
  stop(): Promise<void>;
}

export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  if (!options.redis && !options.data) throw new Error('a server process needs --data or --redis');
  const store = options.redis ? ['--redis', options.redis] : ['--data', options.data!];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(options.nodeFlags ?? []),
      '--import',
      'tsx',
      '--import',
      PROBE,
      'server/main.ts',
      '--port',
      String(options.port ?? 0),
      '--host',
      '127.0.0.1',
      '--no-build',
      '--dist',
      options.dist,
      ...store,
      ...(options.args ?? []),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, LECTERN_PRESENTER_TOKEN: options.token ?? HARDENING_TOKEN, REDIS_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), START_TIMEOUT_MS);
    const onData = () => {
      const found = /lectern listening port=(\d+)/.exec(output)?.[1];
      if (!found) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(Number(found));
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}):\n${output}`));
    });
  });

  let nextId = 1;
  const pending = new Map<number, (value: unknown) => void>();
  child.on('message', (message: { replyTo?: number }) => {
    if (message.replyTo === undefined) return;
    pending.get(message.replyTo)?.(message);
    pending.delete(message.replyTo);
  });
  const request = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`no probe reply to ${type}`)), 30_000);
      pending.set(id, (value) => {
        clearTimeout(timer);
        resolve(value as T);
      });
      child.send({ id, type });
    });

  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const waitExit = (ms: number) =>
    new Promise<boolean>((resolve) => {
      if (exited()) return resolve(true);
      const timer = setTimeout(() => resolve(false), ms);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  const signal = (sig: NodeJS.Signals) => {
    if (!exited() && child.pid !== undefined) process.kill(child.pid, sig);
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? -1,
    output: () => output,
    resetLag: async () => {
      await request('lag-reset');
    },
    lag: () => request<LagFigures>('lag'),
    memory: () => request<MemoryFigures>('memory'),
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
