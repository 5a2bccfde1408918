/**
 * Every read of socket.io's, engine.io's and ws's private state, in one place. None of it is in their
 * public typings, so each read checks the shape it finds and answers "not available" otherwise; the
 * callers then take the public path. socket.io is pinned to 4.8 in package.json for this reason, and
 * tests/server/fanout.test.ts drives every branch against the real libraries.
 */
import type { Socket } from 'socket.io';
import * as ws from 'ws';
import type { LecternServer } from './liveDeck.ts';

/** The engine.io connection state the fast path reads. */
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
 * A socket.io event on the default namespace (engine.io `4` message + socket.io `2` event) as one
 * WebSocket text frame in one buffer: header and payload joined, so each socket costs one `write`
 * rather than a corked pair.
 */
export function encodeEventFrame(event: string, payload: unknown): Buffer[] {
  const data = Buffer.from(`42${JSON.stringify([event, payload])}`);
  return [Buffer.concat(Sender.frame(data, { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: false }))];
}

export type FrameSender = { sendFrame: (list: Buffer[], cb?: () => void) => void };

/**
 * ws's sender for the socket when a frame written to it now jumps no queue: the engine.io session is
 * open, not upgrading, on a WebSocket without compression, nothing is waiting in engine.io's write
 * buffer and its last write has completed. Otherwise null (long-polling, mid-upgrade, queued writes,
 * backpressure, closing).
 */
export function idleFrameSender(socket: Socket): FrameSender | null {
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

/** engine.io's session by id (its `clients` map is protected in its typings), or undefined. */
export function engineSession(io: LecternServer, sid: string): { close(): void } | undefined {
  const clients = (io.engine as unknown as { clients?: Record<string, { close?: unknown } | undefined> }).clients;
  const session = clients?.[sid];
  return typeof session?.close === 'function' ? (session as { close(): void }) : undefined;
}
