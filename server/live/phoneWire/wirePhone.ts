/**
 * One phone on the plain WebSocket wire, as the dispatcher, the snapshot and the fan-out see it (a
 * `LivePeer`, like a socket.io socket). It keeps what a socket.io socket keeps in `socket.data`, a
 * flag for the heartbeat and its place in the session count; the listeners are shared by every
 * phone (`connection.ts`), so it holds no closures.
 */
import { WebSocket } from 'ws';
import type { ServerToClientEvents } from '../../../src/protocol.ts';
import type { SessionTicket } from '../../access/sessionGuard.ts';
import type { SocketData } from '../liveDeck.ts';
import type { LivePeer } from '../peer.ts';
import { encodeAck, PING_FRAME } from './frames.ts';

/** The WebSocket ws makes for each upgrade (`WebSocketServer`'s `WebSocket` option): it knows its phone. */
export class WireSocket extends WebSocket {
  phone: WirePhone | null = null;
}

/** The close code of a phone closed for what it sent (a flood, a frame that is not the protocol). */
export const POLICY_VIOLATION = 1008;
/** The close code of a binary frame: the wire is text only. */
export const UNSUPPORTED_DATA = 1003;

/** ws's send options for a pre-encoded frame: a text frame, whatever the buffer. */
const TEXT = Object.freeze({ binary: false });

export class WirePhone implements LivePeer {
  /** Set when it joins, before any frame is read. */
  data!: SocketData;
  /** Sent a frame since the heartbeat's last ping. */
  alive = true;

  constructor(
    readonly socket: WireSocket,
    /** Its place in its address's session count; null for loopback. */
    readonly ticket: SessionTicket | null,
  ) {}

  /** Distinct from every socket.io id (those never contain a colon). */
  get id(): string {
    return `wire:${this.data.clientId}`;
  }

  get connected(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  emit<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): boolean {
    if (!this.connected) return false;
    this.socket.send(JSON.stringify([event, args[0]]));
    return true;
  }

  /** One frame encoded for many phones (`frames.ts`), or a snapshot encoded for it. */
  sendFrame(frame: Buffer | string): void {
    if (this.connected) this.socket.send(frame, TEXT);
  }

  ack(ackId: number, reply: unknown): void {
    if (this.connected) this.socket.send(encodeAck(ackId, reply));
  }

  ping(): void {
    this.alive = false;
    if (this.connected) this.socket.send(PING_FRAME, TEXT);
  }

  /** A flood: the dispatcher counted it. */
  disconnect(): void {
    this.socket.close(POLICY_VIOLATION, 'flood');
  }
}
