/**
 * Every read (and the few writes) of socket.io's, engine.io's and ws's private state, in one place. None of it is in their
 * public typings, so each read checks the shape it finds and answers "not available" otherwise; the
 * callers then take the public path. socket.io is pinned to 4.8 in package.json for this reason, and
 * tests/server/fanout.test.ts drives every branch against the real libraries.
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import type { Socket } from 'socket.io';
import type * as Ws from 'ws';
import type { LecternServer } from './liveDeck.ts';

/**
 * The copy of ws that engine.io runs on (it may keep its own beside the one in node_modules): its
 * frames and constants are the ones its sockets speak, and no other copy is loaded for them.
 */
const require = createRequire(import.meta.url);
const ws = createRequire(require.resolve('engine.io'))('ws') as typeof Ws;

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

// ------------------------------------------------------------------ what a connection keeps

/** A listener of every event a socket receives: `this` is the socket, then the event name, its arguments and ack. */
export type EventListener<S> = (this: S, ...packet: unknown[]) => void;

interface SocketEventInternals {
  fns?: unknown;
  _anyListeners?: unknown;
}

/** A socket.io middleware that passes nothing on: no event reaches socket.io's own emitter. */
function stopEvent(): void {}

/**
 * Returns a function that routes every event a socket receives to `listener`, and nowhere else.
 * socket.io's public way, `socket.onAny(listener)` plus a `socket.use` middleware that stops the
 * event, allocates two 17-slot arrays and a closure per socket (280 bytes of heap); here every socket
 * shares one frozen listener list and one frozen middleware list (socket.io only reads and copies
 * them). A socket whose shape is not the one expected takes the public way.
 */
export function eventRouter<S extends Socket>(listener: EventListener<S>): (socket: S) => void {
  const anyListeners = Object.freeze([listener]);
  const middleware = Object.freeze([stopEvent]);
  return (socket) => {
    const internals = socket as unknown as SocketEventInternals;
    const fns = internals.fns;
    if (Array.isArray(fns) && fns.length === 0 && internals._anyListeners === undefined) {
      internals.fns = middleware;
      internals._anyListeners = anyListeners;
      return;
    }
    socket.onAny(listener as (...args: unknown[]) => void);
    socket.use(stopEvent);
  };
}

/**
 * Lets go of the HTTP request a session was opened with. engine.io keeps it as `request` for the
 * life of the session (headers, raw headers, stream state: about 0.8 KB a phone) though nothing
 * reads it after the handshake; socket.io copies what it shows as `handshake` when the namespace
 * connect arrives, and without the request that is no headers, query or url, which lectern never
 * reads. Whatever lectern needs of the request (its network address) must be read before this.
 */
export function forgetHandshakeRequest(session: object): void {
  const conn = session as { request?: unknown };
  if ('request' in conn) conn.request = undefined;
}

/** engine.io's stand-in response for a WebSocket upgrade, by its request; see `releaseUpgradeRequests`. */
const upgradeResponses = new WeakMap<http.IncomingMessage, { req?: unknown }>();

/**
 * engine.io answers a WebSocket upgrade (a new session's or a long-polling one's) with a stand-in
 * response that keeps the request, and the TCP socket keeps the stand-in (a `close` listener) for
 * the life of the connection. Once the upgrade's headers are written nothing uses it: let go of it.
 */
export function releaseUpgradeRequests(io: LecternServer): void {
  io.engine.use((req: http.IncomingMessage, res: unknown, next: () => void) => {
    if (!(res instanceof http.ServerResponse) && typeof res === 'object' && res !== null && 'req' in res) {
      upgradeResponses.set(req, res as { req?: unknown });
    }
    next();
  });
  io.engine.on('headers', (_headers: unknown, req: http.IncomingMessage) => {
    const response = upgradeResponses.get(req);
    if (response) {
      response.req = undefined;
      upgradeResponses.delete(req);
    }
  });
}

const NOTHING = Object.freeze({});

/**
 * What a socket keeps of its namespace connect once lectern has read it: socket.io holds the
 * `handshake` for the socket's life, with the CONNECT payload (`auth`, the presenter token included)
 * and, the request being gone, an empty `headers` and `query` object of its own. lectern reads
 * `auth` once, in its middleware, and keeps what it needs in `socket.data`; the rest is one shared
 * empty object.
 */
export function slimHandshake(socket: Socket): void {
  const handshake = socket.handshake as { auth: object; headers: object; query: object };
  handshake.auth = NOTHING;
  handshake.headers = NOTHING;
  handshake.query = NOTHING;
}
