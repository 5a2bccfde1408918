/**
 * A WebSocket that speaks engine.io by hand, frame by frame, with nothing added: for sending what no
 * client library would (engine.io frames out of place, broken socket.io packets, stray binary).
 * `tests/server/rawClient.ts` works one level up, adding the engine.io message prefix itself.
 */
import WebSocket from 'ws';

export interface RawEngine {
  /** Sends one WebSocket frame exactly as given (a string is a text frame, a Buffer a binary one). */
  frame(data: string | Buffer): void;
  /** Text frames received, in order. */
  frames: string[];
  /** Resolves with the close code once the server ends the connection. */
  closed: Promise<number>;
  /** Resolves once `predicate` holds for the frames received (checked on each new frame), or rejects after `ms`. */
  until(predicate: (frames: string[]) => boolean, ms?: number): Promise<void>;
  /** Whether the connection is still open `ms` from now. */
  openAfter(ms: number): Promise<boolean>;
  close(): void;
}

/** Opens a session on the default namespace with `auth` and resolves once the snapshot arrived. */
export async function openRawEngine(url: string, auth: Record<string, unknown>): Promise<RawEngine> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
    perMessageDeflate: false,
  });
  const frames: string[] = [];
  const watchers = new Set<() => void>();
  let isClosed = false;
  const closed = new Promise<number>((resolve) =>
    ws.on('close', (code) => {
      isClosed = true;
      resolve(code);
    }),
  );
  const joined = new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = data.toString();
      frames.push(text);
      for (const watch of watchers) watch();
      if (text.startsWith('0')) ws.send(`40${JSON.stringify(auth)}`);
      else if (text === '2') ws.send('3');
      else if (text.startsWith('42["snapshot"')) resolve();
    });
  });
  await Promise.race([joined, closed.then(() => Promise.reject(new Error('closed before the snapshot')))]);
  return {
    frame: (data) => ws.send(data),
    frames,
    closed,
    until: (predicate, ms = 5000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          watchers.delete(watch);
          reject(new Error(`no such frame within ${ms} ms; got ${frames.length}`));
        }, ms);
        const watch = () => {
          if (!predicate(frames)) return;
          clearTimeout(timer);
          watchers.delete(watch);
          resolve();
        };
        watchers.add(watch);
        watch();
      }),
    openAfter: (ms) =>
      Promise.race([
        closed.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(!isClosed), ms)),
      ]),
    close: () => ws.terminate(),
  };
}
