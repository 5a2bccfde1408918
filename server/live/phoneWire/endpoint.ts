/**
 * `GET /live` with `Upgrade: websocket`: the phones' plain WebSocket (docs/protocol.md, "The phone
 * wire"). Before the upgrade, what socket.io's handshake checks (`allowRequest` in app.ts): a host
 * this server answers to, a page of its own, room under the address's session cap; a refusal is a
 * plain HTTP answer. Then ws upgrades it and `connection.ts` takes over.
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { AccessPolicy } from '../../access/accessPolicy.ts';
import type { SessionGuard } from '../../access/sessionGuard.ts';
import type { Rejections } from '../rejections.ts';
import { type AcceptWirePhone, createWireConnections, type WireConnectionDeps } from './connection.ts';
import { type HeartbeatOptions, startHeartbeat } from './heartbeat.ts';
import { WireSocket } from './wirePhone.ts';

export interface WireEndpointDeps extends WireConnectionDeps {
  access: AccessPolicy;
  sessions: SessionGuard;
  rejections: Rejections;
  /** The network a request is counted under; null for loopback. */
  networkOfRequest(req: http.IncomingMessage): string | null;
  /** A frame larger than this closes the phone (1009), as socket.io's `maxHttpBufferSize` does. */
  maxPayload: number;
  heartbeat?: HeartbeatOptions;
}

export interface WireEndpoint {
  /** Answers an upgrade request for the wire's path. */
  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every phone and stops the heartbeat. */
  close(): void;
}

const STATUS_TEXT: Record<number, string> = { 403: 'Forbidden', 429: 'Too Many Requests' };

function destroyOnError(this: Duplex): void {
  this.destroy();
}

/** A refusal before the upgrade: a plain HTTP status with the reason as its body, then the socket closed. */
function answer(socket: Duplex, status: 403 | 429, reason: string): void {
  if (!socket.writable) return void socket.destroy();
  socket.on('error', destroyOnError);
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
  );
}

export function createWireEndpoint(deps: WireEndpointDeps): WireEndpoint {
  const { access, sessions, rejections } = deps;
  const wss = new WebSocketServer({
    noServer: true,
    // The decks hold the phones (`LiveDeck.wirePhones`): ws need not keep a second set of them.
    clientTracking: false,
    // Slide frames are tiny and go to thousands of phones: compressing each costs more than it saves.
    perMessageDeflate: false,
    maxPayload: deps.maxPayload,
    WebSocket: WireSocket,
  });
  const accept: AcceptWirePhone = createWireConnections(deps);
  const heartbeat = startHeartbeat(function* () {
    for (const live of deps.decks.values()) yield* live.wirePhones;
  }, deps.heartbeat);

  return {
    upgrade(req, socket, head) {
      const verdict = access.checkHandshake(req);
      if (verdict !== 'ok') {
        rejections.count(verdict);
        return answer(socket, 403, verdict);
      }
      const network = deps.networkOfRequest(req);
      const admitted = sessions.admit(req, network);
      if (admitted !== 'ok') {
        rejections.count('too-many-sessions');
        return sessions.refuseLater(network, () => answer(socket, 429, admitted));
      }
      // app.ts routed it here by its path: the query is what follows the first `?`, if anything does.
      const url = req.url ?? '';
      const mark = url.indexOf('?');
      const query = new URLSearchParams(mark < 0 ? '' : url.slice(mark + 1));
      const arrival = { deck: query.get('deck'), clientId: query.get('clientId'), network };
      // A request ws refuses (no key, wrong version) never calls back: its place is given back when the
      // session guard's join timer runs out, as for a socket.io handshake that never becomes a session.
      // ws answers and calls back at once, and the phone's snapshot (or its refusal) is written in that
      // call: corked, the 101 and the snapshot leave in one write, one system call per joining phone
      // rather than two, and on the wifi often one packet.
      socket.cork();
      wss.handleUpgrade(req, socket, head, (ws) => accept(ws as WireSocket, arrival, sessions.joinedAtOnce(req)));
      socket.uncork();
    },
    close() {
      heartbeat.close();
      for (const live of deps.decks.values()) for (const phone of live.wirePhones) phone.socket.terminate();
    },
  };
}
