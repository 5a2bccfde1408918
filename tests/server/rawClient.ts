/**
 * A client that speaks socket.io's wire format by hand over a plain WebSocket, to send what no
 * well-behaved socket.io client would: reserved event names, broken packets, odd shapes.
 */
import WebSocket from 'ws';

export interface RawClient {
  /** Sends one socket.io packet as an engine.io message (the `4` prefix is added); a Buffer goes as is. */
  send(socketIoPacket: string | Buffer): void;
  /** socket.io packets received (engine.io `4` prefix stripped), in order. */
  packets: string[];
  closed: Promise<number>;
  isOpen(): boolean;
  close(): void;
}

/** Connects to the default namespace with `auth` and resolves once the snapshot arrived. */
export async function connectRaw(url: string, auth: Record<string, unknown>): Promise<RawClient> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const packets: string[] = [];
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  let onSnapshot: () => void = () => {};
  const snapshot = new Promise<void>((resolve) => (onSnapshot = resolve));
  ws.on('message', (data) => {
    const text = data.toString();
    if (text.startsWith('0')) ws.send(`40${JSON.stringify(auth)}`);
    else if (text === '2') ws.send('3');
    else if (text.startsWith('4')) {
      packets.push(text.slice(1));
      if (text.startsWith('42["snapshot"')) onSnapshot();
    }
  });
  await Promise.race([snapshot, closed.then(() => Promise.reject(new Error('closed before the snapshot')))]);
  return {
    send: (packet) => ws.send(typeof packet === 'string' ? `4${packet}` : packet),
    packets,
    closed,
    isOpen: () => ws.readyState === WebSocket.OPEN,
    close: () => ws.close(),
  };
}
