/**
 * Bench processes: a TypeScript entry point run by tsx in its own process, spoken to over IPC with
 * request/reply messages. Keeps servers and clients off the runner's CPU.
 */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';

export interface BenchChild {
  process: ChildProcess;
  request<T = unknown>(message: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** Unsolicited messages (no `replyTo`). */
  onEvent(listener: (message: Record<string, unknown>) => void): void;
  stop(): Promise<void>;
}

let nextId = 1;
const serverFlags = (process.env.LECTERN_BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);

/** `entry` is relative to `tests/bench/`. */
export function startChild(entry: string, args: string[] = [], nodeFlags: string[] = []): BenchChild {
  const child = fork(path.resolve(import.meta.dirname, '..', entry), args, {
    // LECTERN_BENCH_SERVER_FLAGS (e.g. `--cpu-prof`) goes to the servers under test, to profile them.
    execArgv: ['--import', 'tsx', ...nodeFlags, ...(entry.endsWith('Server.ts') ? serverFlags : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners: ((m: Record<string, unknown>) => void)[] = [];
  child.on('message', (message: Record<string, unknown>) => {
    const replyTo = message.replyTo as number | undefined;
    if (replyTo !== undefined) {
      pending.get(replyTo)?.resolve(message);
      pending.delete(replyTo);
    } else for (const l of listeners) l(message);
  });
  child.on('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`${entry} exited (${code})`));
    pending.clear();
  });
  return {
    process: child,
    request<T>(message: Record<string, unknown>, timeoutMs = 120_000) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${entry}: no reply to ${String(message.type)}`)), timeoutMs);
        pending.set(id, {
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v as T);
          },
          reject,
        });
        child.send({ ...message, id });
      });
    },
    onEvent(listener) {
      listeners.push(listener);
    },
    /** Asks the child to exit (it exits when the IPC channel closes), and kills it if it lingers. */
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.disconnect();
      });
    },
  };
}

/** In a child: answer requests from the runner. */
export function serveRequests(handle: (message: Record<string, unknown>) => unknown | Promise<unknown>): void {
  process.on('message', async (message: Record<string, unknown>) => {
    const reply = await handle(message);
    process.send!({ ...(reply as object), replyTo: message.id });
  });
}

/** In a child: the server's own CPU time and memory. */
export function processStats() {
  const cpu = process.cpuUsage();
  return { cpuMicros: cpu.user + cpu.system, rss: process.memoryUsage().rss };
}

/** Microseconds on the machine-wide monotonic clock, comparable across processes. */
export function nowMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}
