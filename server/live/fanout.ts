/**
 * Room broadcasts that cost about what a bare `ws` broadcast costs.
 *
 * socket.io already encodes a broadcast once and pre-computes its WebSocket frame, but then hands it
 * to every socket through engine.io's per-packet machinery: a packet object, a write buffer, four
 * events and a write callback per socket. Here the frame is written straight to each idle WebSocket,
 * exactly as engine.io writes a pre-encoded frame itself, minus the bookkeeping; any socket that is
 * not a plain open WebSocket with nothing queued (long-polling, mid-upgrade, queued writes,
 * backpressure) gets the ordinary socket.io emit, so ordering and delivery stay socket.io's.
 *
 * Kept because it wins clearly (`npm run bench -- fanout`, three runs of 60 moves each, two runs of
 * the bench): against socket.io's emit for every socket, 0.72–0.77× the server's CPU per slide move at
 * 1,000 and 5,000 phones and 0.64–0.67× at 10,000, with a p99 to the last phone at 0.75–0.99× of it;
 * that leaves lectern at 1.01–1.07× a bare `ws` broadcast. The private state it reads is all in
 * `socketIoInternals.ts`.
 */
import type { ServerToClientEvents } from '../../src/protocol.ts';
import type { LecternServer } from './liveDeck.ts';
import { encodeEvent } from './phoneWire/frames.ts';
import type { WirePhone } from './phoneWire/wirePhone.ts';
import { encodeEventFrame, idleFrameSender } from './socketIoInternals.ts';

/** `direct`: the fast path below; `socket.io`: socket.io's own emit for every socket. */
export type FanoutMode = 'direct' | 'socket.io';

export interface FanoutCounts {
  /** Sockets written to directly. */
  direct: number;
  /** Sockets that went through socket.io's emit. */
  fallback: number;
  /** Phones on the plain WebSocket wire (`phoneWire/`). */
  wire: number;
}

/** Sockets in `rooms` but `except`, for the counts of a broadcast that leaves them all to socket.io. */
function audienceOf(io: LecternServer, rooms: readonly string[], except: string | null): number {
  const all = io.of('/').adapter.rooms;
  return rooms.reduce((n, room) => {
    const ids = all.get(room);
    return n + (ids ? ids.size - (except !== null && ids.has(except) ? 1 : 0) : 0);
  }, 0);
}

/** Writes the event to every phone of `phones`, the frame encoded once for all of them; returns how many. */
function toWirePhones(phones: Iterable<WirePhone> | null, event: string, payload: unknown): number {
  if (phones === null) return 0;
  let frame: Buffer | null = null;
  let sent = 0;
  for (const phone of phones) {
    frame ??= encodeEvent(event, payload);
    phone.sendFrame(frame);
    sent += 1;
  }
  return sent;
}

/**
 * Sends `event` to every socket in `rooms` but `except`, and to the phones on the wire given (the
 * deck's, when `rooms` holds its audience room). The rooms must not share sockets (lectern's
 * presenter and audience rooms never do), which spares a dedupe set per broadcast.
 */
export function broadcast<E extends keyof ServerToClientEvents>(
  io: LecternServer,
  mode: FanoutMode,
  rooms: readonly string[],
  except: string | null,
  event: E,
  payload: Parameters<ServerToClientEvents[E]>[0],
  wirePhones: Iterable<WirePhone> | null = null,
): FanoutCounts {
  if (mode === 'socket.io') {
    const target = except === null ? io.to(rooms as string[]) : io.to(rooms as string[]).except(except);
    (target as { emit(event: string, payload: unknown): boolean }).emit(event, payload);
    const wire = toWirePhones(wirePhones, event, payload);
    return { direct: 0, fallback: audienceOf(io, rooms, except), wire };
  }
  const namespace = io.of('/');
  let frame: Buffer[] | null = null;
  const slow: string[] = [];
  let direct = 0;
  for (const room of rooms) {
    const ids = namespace.adapter.rooms.get(room);
    if (!ids) continue;
    for (const id of ids) {
      if (id === except) continue;
      const socket = namespace.sockets.get(id);
      if (!socket) continue;
      const sender = idleFrameSender(socket);
      if (sender) {
        frame ??= encodeEventFrame(event, payload);
        sender.sendFrame(frame);
        direct += 1;
      } else slow.push(id);
    }
  }
  if (slow.length > 0) {
    // Each socket is also a room named by its id.
    (io.to(slow) as { emit(event: string, payload: unknown): boolean }).emit(event, payload);
  }
  const wire = toWirePhones(wirePhones, event, payload);
  return { direct, fallback: slow.length, wire };
}
