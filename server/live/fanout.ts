/**
 * Room broadcasts that cost about what a bare `ws` broadcast costs.
 *
 * socket.io already encodes a broadcast once and pre-computes its WebSocket frame, but then hands it
 * to every socket through engine.io's per-packet machinery: a packet object, a write buffer, four
 * events and a write callback per socket. At 10,000 phones that doubled the server's CPU per slide
 * change against `ws`, and the write callbacks firing right after the loop delayed the last phones
 * further. Here the frame is written straight to each idle WebSocket, exactly as engine.io writes a
 * pre-encoded frame itself, minus the bookkeeping; any socket that is not a plain open WebSocket with
 * nothing queued (long-polling, mid-upgrade, backpressured) gets the ordinary socket.io emit, so
 * ordering and delivery stay socket.io's.
 */
import type { Socket } from 'socket.io';
import * as ws from 'ws';
import type { ServerToClientEvents } from '../../src/protocol.ts';
import type { LecternServer } from './liveDeck.ts';

/** The engine.io internals the fast path reads; all are checked before use. */
interface EngineSocketInternals {
  readyState?: string;
  upgrading?: boolean;
  writeBuffer?: unknown[];
  transport?: {
    name?: string;
    writable?: boolean;
    perMessageDeflate?: unknown;
    socket?: { readyState?: number; _sender?: { sendFrame?: (list: Buffer[], cb?: () => void) => void } };
  };
}

/** ws's frame builder, the one socket.io's adapter uses too; @types/ws does not declare it. */
const { Sender } = ws as unknown as {
  Sender: {
    frame(
      data: Buffer,
      options: { fin: boolean; rsv1: boolean; opcode: number; mask: boolean; readOnly: boolean },
    ): Buffer[];
  };
};
const WS_OPEN = ws.WebSocket.OPEN;

/**
 * engine.io `4` (message) + socket.io `2` (event), default namespace, as one WebSocket text frame in
 * one buffer: header and payload joined, so each socket costs one `write` rather than a corked pair.
 */
function encodeFrame(event: string, payload: unknown): Buffer[] {
  const data = Buffer.from(`42${JSON.stringify([event, payload])}`);
  return [Buffer.concat(Sender.frame(data, { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: false }))];
}

type FrameSender = { sendFrame: (list: Buffer[], cb?: () => void) => void };

/** The raw sender when the socket can take the frame now without jumping any queue, else null. */
function idleWebSocket(socket: Socket): FrameSender | null {
  const conn = socket.conn as unknown as EngineSocketInternals;
  const transport = conn.transport;
  const webSocket = transport?.socket;
  const sender = webSocket?._sender;
  if (
    conn.readyState !== 'open' ||
    conn.upgrading ||
    (conn.writeBuffer?.length ?? 1) !== 0 ||
    transport?.name !== 'websocket' ||
    !transport.writable ||
    transport.perMessageDeflate ||
    webSocket?.readyState !== WS_OPEN ||
    typeof sender?.sendFrame !== 'function'
  ) {
    return null;
  }
  return sender as FrameSender;
}

/** `direct`: the fast path below; `socket.io`: socket.io's own emit for every socket. */
export type FanoutMode = 'direct' | 'socket.io';

export interface FanoutCounts {
  /** Sockets written to directly. */
  direct: number;
  /** Sockets that went through socket.io's emit. */
  fallback: number;
}

/**
 * Sends `event` to every socket in `rooms` but `except`. The rooms must not share sockets (lectern's
 * presenter and audience rooms never do), which spares a dedupe set per broadcast.
 */
export function broadcast<E extends keyof ServerToClientEvents>(
  io: LecternServer,
  mode: FanoutMode,
  rooms: readonly string[],
  except: string | null,
  event: E,
  payload: Parameters<ServerToClientEvents[E]>[0],
): FanoutCounts {
  if (mode === 'socket.io') {
    const target = except === null ? io.to(rooms as string[]) : io.to(rooms as string[]).except(except);
    (target as { emit(event: string, payload: unknown): boolean }).emit(event, payload);
    return { direct: 0, fallback: -1 };
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
      const sender = idleWebSocket(socket);
      if (sender) {
        frame ??= encodeFrame(event, payload);
        sender.sendFrame(frame);
        direct += 1;
      } else slow.push(id);
    }
  }
  if (slow.length > 0) {
    // Each socket is also a room named by its id.
    (io.to(slow) as { emit(event: string, payload: unknown): boolean }).emit(event, payload);
  }
  return { direct, fallback: slow.length };
}
