/**
 * Bench processes: a TypeScript entry point run by tsx in its own process (`tests/helpers/ipcChild.ts`),
 * spoken to over IPC with request/reply messages. Keeps servers and clients off the runner's CPU.
 */
import path from 'node:path';
import { answerRequests, forkChild, type IpcChild } from '../../helpers/ipcChild.ts';

export type BenchChild = IpcChild;

const serverFlags = (process.env.LECTERN_BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);

/** `entry` is relative to `tests/bench/`. */
export function startChild(entry: string, args: string[] = [], nodeFlags: string[] = []): BenchChild {
  return forkChild(path.resolve(import.meta.dirname, '..', entry), {
    args,
    // LECTERN_BENCH_SERVER_FLAGS (e.g. `--cpu-prof`) goes to the servers under test, to profile them.
    nodeFlags: [...nodeFlags, ...(entry.endsWith('Server.ts') ? serverFlags : [])],
  });
}

/** In a child: the server's own CPU time and memory (RSS, and the JavaScript heap in use). */
export function processStats() {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return { cpuMicros: cpu.user + cpu.system, rss: memory.rss, heapUsed: memory.heapUsed };
}

/**
 * In a bench server child: answers the runner's `stats`, and `gc` (three full collections, then the
 * stats; the child runs with --expose-gc), and each request named in `more` (`info` at least).
 */
export function answerServerRequests(more: Record<string, () => unknown>): void {
  answerRequests((message) => {
    if (message.type === 'stats') return processStats();
    if (message.type === 'gc') {
      for (let i = 0; i < 3; i++) globalThis.gc?.();
      return processStats();
    }
    const answer = Object.hasOwn(more, message.type) ? more[message.type] : undefined;
    return answer ? answer() : { error: `unknown request ${String(message.type)}` };
  });
}

/** Microseconds on the machine-wide monotonic clock, comparable across processes. */
export function nowMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}
