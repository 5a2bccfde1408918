/**
 * Bench child: holds a share of the audience of each server under test and notes when each socket
 * hears each slide change. Tells the runner when all of its sockets of one server heard a given `seq`.
 *
 * Phones are lean sockets (bare `ws` speaking the engine.io/socket.io wire, see `tests/helpers/wire.ts`) or the
 * real `socket.io-client` the phone page runs; the raw `ws` anchor is always heard by bare `ws`.
 */
import { io as ioClient } from 'socket.io-client';
import { answerRequests } from '../../helpers/ipcChild.ts';
import { inBatches, openLeanWirePhone, openPlainWebSocket, openWire } from '../../helpers/wire.ts';
import { nowMicros } from './child.ts';

/** A server under test, by the runner's name for it. */
type Server = string;
/**
 * `lean`: bare ws speaking engine.io/socket.io; `socket.io-client`: the library; `wire`: bare ws on
 * lectern's plain phone wire (`/live`, JSON frames), and lean sockets on plain socket.io, which has no such wire.
 */
export type PhoneKind = 'lean' | 'socket.io-client' | 'wire';
const SLIDE = /^2\["slide",\{"seq":(\d+)/;
const WIRE_SLIDE = /^\["slide",\{"seq":(\d+)/;

const sockets = new Map<Server, { close(): void }[]>();
/** `${server}:${seq}` → receipt time per socket (µs) */
const heard = new Map<string, { at: Float64Array; count: number }>();

function onSeq(server: Server, index: number, seq: number): void {
  const at = nowMicros();
  const key = `${server}:${seq}`;
  const size = sockets.get(server)?.length ?? 0;
  let entry = heard.get(key);
  if (!entry) {
    entry = { at: new Float64Array(size).fill(NaN), count: 0 };
    heard.set(key, entry);
  }
  if (Number.isNaN(entry.at[index]!)) {
    entry.at[index] = at;
    entry.count += 1;
    if (entry.count === size) process.send!({ type: 'complete', kind: server, seq });
  }
}

function onPacket(server: Server, index: number, packet: string): void {
  const match = SLIDE.exec(packet);
  if (match) onSeq(server, index, Number(match[1]));
}

function onWireFrame(server: Server, index: number, text: string): void {
  const match = WIRE_SLIDE.exec(text);
  if (match) onSeq(server, index, Number(match[1]));
}

/** The phone page's own client: websocket only, as a phone ends up after its upgrade. */
function openClient(origin: string, auth: Record<string, unknown>, server: Server, index: number) {
  return new Promise<{ close(): void }>((resolve, reject) => {
    const socket = ioClient(origin, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.on('slide', (delta: { seq: number }) => onSeq(server, index, delta.seq));
    socket.once('connect', () => resolve({ close: () => socket.disconnect() }));
    socket.once('connect_error', reject);
  });
}

answerRequests(async (message) => {
  switch (message.type) {
    case 'open': {
      // Phones `from` to `from + count - 1` of this process's `total` on that server. `warm`: opens them
      // the same way, then closes them and keeps nothing (the client's and the server's code warmed up
      // before anything is timed).
      const { origin, kind, raw, greeted, phones, from, count, total, deck, prefix, warm } = message as unknown as {
        origin: string;
        kind: Server;
        raw: boolean;
        /** A raw socket is in once the server's greeting arrived (the greeting anchor). */
        greeted: boolean;
        phones: PhoneKind;
        from: number;
        count: number;
        total: number;
        deck: string;
        prefix: string;
        warm: boolean;
      };
      const started = nowMicros();
      let opened = warm ? undefined : sockets.get(kind);
      if (!opened || from === 0) {
        opened = new Array(warm ? count : total);
        if (!warm) sockets.set(kind, opened);
      }
      const list = opened;
      await inBatches(count, 50, async (j) => {
        const i = from + j;
        const auth = { deck, role: 'audience', clientId: `${prefix}-${i.toString().padStart(6, '0')}` };
        const socket = raw
          ? await openPlainWebSocket(origin, (text) => onPacket(kind, i, text.slice(1)), greeted)
          : phones === 'socket.io-client'
            ? await openClient(origin, auth, kind, i)
            : phones === 'wire' && kind.startsWith('lectern')
              ? await openLeanWirePhone(origin, deck, auth.clientId, (text) => onWireFrame(kind, i, text))
              : await openWire(origin, { mode: 'lean', auth, onPacket: (packet) => onPacket(kind, i, packet) });
        list[i] = socket;
        return socket;
      });
      const micros = nowMicros() - started;
      if (warm) for (const socket of list) socket.close();
      return { opened: count, micros };
    }
    case 'delays': {
      // Delay of every socket for every seq, against the time the runner sent that move.
      const { kind, sentAt } = message as unknown as { kind: Server; sentAt: Record<string, number> };
      const size = sockets.get(kind)?.length ?? 0;
      const bySeq: Record<string, number[]> = {};
      let missing = 0;
      for (const [seq, t0] of Object.entries(sentAt)) {
        const delays: number[] = [];
        bySeq[seq] = delays;
        const entry = heard.get(`${kind}:${seq}`);
        if (!entry) {
          missing += size;
          continue;
        }
        for (const at of entry.at) {
          if (Number.isNaN(at)) missing += 1;
          else delays.push(at - t0);
        }
      }
      return { bySeq, missing };
    }
    case 'close':
      for (const list of sockets.values()) for (const s of list) s?.close();
      sockets.clear();
      heard.clear();
      return {};
    default:
      return { error: `unknown request ${String(message.type)}` };
  }
});
