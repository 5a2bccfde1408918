/**
 * Work in its own process, spoken to with request/reply messages over IPC: load generators (a 2-core
 * machine cannot drive 2,000 sockets and serve them from one event loop and still measure the
 * server), bench servers, and the probe inside a server child. Each request carries an `id`; the
 * reply carries `replyTo`, and an `error` in a reply rejects it. Messages without `replyTo` are events.
 */
import { type ChildProcess, fork } from 'node:child_process';

export type IpcMessage = { type: string; [key: string]: unknown };

export interface IpcChild {
  process: ChildProcess;
  request<T = unknown>(message: IpcMessage, timeoutMs?: number): Promise<T>;
  /** Unsolicited messages (no `replyTo`). */
  onEvent(listener: (message: Record<string, unknown>) => void): void;
  /** Closes the channel (the child exits with it), and SIGKILLs it if it lingers. */
  stop(): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 120_000;

/** Forks `entry` (an absolute path to a .ts file) with tsx. */
export function forkChild(entry: string, options: { args?: string[]; nodeFlags?: string[] } = {}): IpcChild {
  const child = fork(entry, options.args ?? [], {
    execArgv: ['--import', 'tsx', ...(options.nodeFlags ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  return {
    ...requestsTo(child, entry),
    process: child,
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

/** Request/reply over the IPC channel of any child spawned with one (`stdio: [..., 'ipc']`). */
export function requestsTo(child: ChildProcess, name: string): Pick<IpcChild, 'request' | 'onEvent'> {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners: ((message: Record<string, unknown>) => void)[] = [];
  child.on('message', (message: Record<string, unknown>) => {
    const replyTo = message.replyTo as number | undefined;
    if (replyTo === undefined) {
      for (const listener of listeners) listener(message);
      return;
    }
    const waiter = pending.get(replyTo);
    pending.delete(replyTo);
    if (message.error) waiter?.reject(new Error(`${name}: ${String(message.error)}`));
    else waiter?.resolve(message);
  });
  child.on('exit', (code, signal) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${name} exited (${code ?? signal})`));
    pending.clear();
  });
  return {
    request<T>(message: IpcMessage, timeoutMs = REQUEST_TIMEOUT_MS) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${name}: no reply to ${message.type} within ${timeoutMs} ms`));
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
    onEvent(listener) {
      listeners.push(listener);
    },
  };
}

/** In a child: answers each request with what `handle` returns (or its error), and exits with the parent. */
export function answerRequests(handle: (message: IpcMessage) => unknown): void {
  process.on('message', async (message: IpcMessage & { id: number }) => {
    try {
      const reply = (await handle(message)) ?? {};
      process.send!({ ...(reply as object), replyTo: message.id });
    } catch (error) {
      process.send!({ replyTo: message.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
  process.on('disconnect', () => process.exit(0));
}
