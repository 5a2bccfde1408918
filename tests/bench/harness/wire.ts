/**
 * A lean client: a bare `ws` WebSocket that speaks just enough engine.io v4 / socket.io v5 to join
 * a lectern talk and hear its events. socket.io-client costs several times more memory and CPU per
 * socket, and at 10,000 sockets on two cores the clients would measure themselves, not the server.
 */
import WebSocket from 'ws';

export interface LeanSocket {
  ws: WebSocket;
  send(text: string): void;
  close(): void;
}

/**
 * Opens a socket.io connection (websocket transport only) and resolves once the namespace accepted
 * `auth`. `onPacket` gets every socket.io packet after that (engine.io prefix stripped).
 */
export function openSocketIo(
  origin: string,
  auth: Record<string, unknown>,
  onPacket: (packet: string) => void,
): Promise<LeanSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      perMessageDeflate: false,
    });
    let connected = false;
    const socket: LeanSocket = {
      ws,
      send: (text) => ws.send(`4${text}`),
      close: () => ws.terminate(),
    };
    ws.on('message', (data) => {
      const text = data.toString();
      if (text === '2') return ws.send('3');
      if (text.startsWith('0')) return ws.send(`40${JSON.stringify(auth)}`);
      if (!text.startsWith('4')) return;
      if (!connected) {
        if (text.startsWith('40')) {
          connected = true;
          resolve(socket);
        } else if (text.startsWith('44')) reject(new Error(`refused: ${text}`));
        return;
      }
      onPacket(text.slice(1));
    });
    ws.on('error', (error) => {
      if (!connected) reject(error);
    });
  });
}

/** Opens a plain WebSocket; every message is handed to `onMessage`. */
export function openRaw(origin: string, onMessage: (text: string) => void): Promise<LeanSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(origin.replace(/^http/, 'ws'), { perMessageDeflate: false });
    ws.on('open', () => resolve({ ws, send: (text) => ws.send(text), close: () => ws.terminate() }));
    ws.on('message', (data) => onMessage(data.toString()));
    ws.on('error', reject);
  });
}

/** Runs `open` for `count` sockets with at most `parallel` handshakes in flight. */
export async function openMany<T>(count: number, parallel: number, open: (i: number) => Promise<T>): Promise<T[]> {
  const sockets: T[] = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      sockets[i] = await open(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, lane));
  return sockets;
}
