/**
 * What the dispatcher, the snapshot and the fan-out use of a connection, so that one copy of each
 * serves both kinds: a socket.io socket (every role, WebSocket or long-polling) and a phone on the
 * plain WebSocket wire (`phoneWire/`, role audience only). A socket.io `Socket` is one as it is.
 */
import type { ServerToClientEvents } from '../../src/protocol.ts';
import type { SocketData } from './liveDeck.ts';

export interface LivePeer {
  /** Unique among this server's connections; a slide or pointer broadcast leaves out the one that sent it. */
  readonly id: string;
  /** Who it is: set once it joined, small on purpose. */
  data: SocketData;
  /** False once it is closing: packets already read still arrive then, and are dropped. */
  readonly connected: boolean;
  /** One event to this connection alone. */
  emit<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): boolean;
  /** Ends the connection (a flood): socket.io's argument `true` closes the transport too, as the wire always does. */
  disconnect(close: true): unknown;
}
