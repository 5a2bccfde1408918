/**
 * Load generators run in their own processes (a 2-core machine cannot drive 2,000 sockets and serve
 * them from one event loop and still measure the server): a TypeScript entry forked with tsx, spoken
 * to with request/reply messages over IPC.
 */
import { type ChildProcess, fork } from 'node:child_process';

export interface IpcChild {
  process: ChildProcess;
  request<T>(message: { type: string; [key: string]: unknown }, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** Forks `entry` (an absolute path to a .ts file) with tsx. */
export function forkChild(entry: string, nodeFlags: string[] = []): IpcChild {
  const child = fork(entry, [], {
    execArgv: ['--import', 'tsx', ...nodeFlags],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (message: { replyTo?: number; error?: string }) => {
    const waiter = message.replyTo === undefined ? undefined : pending.get(message.replyTo);
    if (!waiter) return;
    pending.delete(message.replyTo!);
    if (message.error) waiter.reject(new Error(message.error));
    else waiter.resolve(message);
  });
  child.on('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${entry} exited (${code})`));
    pending.clear();
  });
  return {
    process: child,
    request<T>(message: { type: string }, timeoutMs = 120_000) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${entry}: no reply to ${message.type} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v as T);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        child.send({ ...message, id });
      });
    },
    stop() {
      return new Promise<void>((resolve) => {
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

/** In a child: answers each request with what `handle` returns (or its error), and exits with the parent. */
export function answerRequests(handle: (message: { type: string; [key: string]: unknown }) => unknown): void {
  process.on('message', async (message: { id: number; type: string }) => {
    try {
      const reply = (await handle(message)) ?? {};
      process.send!({ ...(reply as object), replyTo: message.id });
    } catch (error) {
      process.send!({ replyTo: message.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
  process.on('disconnect', () => process.exit(0));
}
