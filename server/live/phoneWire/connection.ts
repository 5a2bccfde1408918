/**
 * A phone's life on the wire once ws has upgraded it: the checks socket.io's handshake makes (deck,
 * client id, the phone cap), the join (audience count, snapshot first), its frames to the dispatcher,
 * and everything given back when it closes. One set of listener functions serves every phone (`this`
 * is its socket), so a phone costs its `WirePhone` and its WebSocket, no closures.
 */

import type { WebSocket } from 'ws';
import { type ConnectError, WIRE_CLOSE_CODES } from '../../../src/protocol.ts';
import type { PhoneCap } from '../../access/phoneCap.ts';
import { checkHandshake } from '../../access/presenterToken.ts';
import type { SessionGuard, SessionTicket } from '../../access/sessionGuard.ts';
import type { createDispatcher } from '../dispatcher.ts';
import type { LiveDeck } from '../liveDeck.ts';
import type { Rejections } from '../rejections.ts';
import { sendSnapshot } from '../snapshotCache.ts';
import { readFrame } from './frames.ts';
import { POLICY_VIOLATION, UNSUPPORTED_DATA, WirePhone, type WireSocket } from './wirePhone.ts';

export interface WireConnectionDeps {
  decks: ReadonlyMap<string, LiveDeck>;
  rejections: Rejections;
  phoneCap: PhoneCap;
  sessions: SessionGuard;
  /** The one dispatcher socket.io's sockets use too. */
  dispatch: ReturnType<typeof createDispatcher>;
}

/** What the upgrade handler read of the request before letting go of it. */
export interface WireArrival {
  deck: string | null;
  clientId: string | null;
  /** The network its phones are counted under; null for loopback. */
  network: string | null;
}

/** ws's error codes for a frame over `maxPayload` (it closes with 1009 itself). */
const TOO_LARGE = 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';

/** The answer to a phone's event with an ack id: made per event, gone with the reply. */
function replyTo(phone: WirePhone, ackId: number | null): ((reply: unknown) => void) | undefined {
  return ackId === null ? undefined : (reply) => phone.ack(ackId, reply);
}

export function createWireConnections(deps: WireConnectionDeps) {
  const { decks, rejections } = deps;

  // ws types `this` as its own WebSocket; every socket of this wire is a `WireSocket` (see endpoint.ts).
  function onMessage(this: WebSocket, data: Buffer, isBinary: boolean): void {
    const phone = (this as WireSocket).phone;
    if (!phone?.connected) return;
    phone.alive = true;
    if (isBinary) {
      rejections.count('malformed-packet');
      this.close(UNSUPPORTED_DATA, 'text frames only');
      return;
    }
    const frame = readFrame(data.toString());
    if (frame === null) {
      rejections.count('malformed-packet');
      this.close(POLICY_VIOLATION, 'malformed frame');
      return;
    }
    if (frame.kind === 'pong') return;
    const ack = replyTo(phone, frame.ackId);
    deps.dispatch(phone, ack ? [frame.event, frame.payload, ack] : [frame.event, frame.payload]);
  }

  function onError(this: WebSocket, error: Error & { code?: string }): void {
    // ws closes the connection itself (1009 for a frame too large, 1002/1007 for a broken frame).
    rejections.count(error.code === TOO_LARGE ? 'too-large' : 'malformed-packet');
  }

  function onClose(this: WebSocket): void {
    const socket = this as WireSocket;
    const phone = socket.phone;
    if (!phone) return;
    socket.phone = null;
    if (phone.ticket) deps.sessions.closed(phone.ticket);
    // A phone refused after the upgrade never joined a deck.
    if (!phone.data) return;
    const live = decks.get(phone.data.deck);
    if (!live?.wirePhones.delete(phone)) return;
    if (live.talk.leave(phone.data.clientId)) live.countersChanged();
  }

  function refuse(socket: WireSocket, error: ConnectError & keyof typeof WIRE_CLOSE_CODES): void {
    rejections.count('connect-refused');
    socket.close(WIRE_CLOSE_CODES[error], error);
  }

  /**
   * A socket ws has just upgraded. `ticket` is its place in the session count, given back when it
   * closes whatever happens next.
   */
  return function accept(socket: WireSocket, arrival: WireArrival, ticket: SessionTicket | null): void {
    const phone = new WirePhone(socket, ticket);
    socket.phone = phone;
    socket.on('message', onMessage);
    socket.on('error', onError);
    socket.on('close', onClose);

    const auth = { deck: arrival.deck ?? undefined, role: 'audience', clientId: arrival.clientId ?? undefined };
    // No token on this wire: the role is audience, and a token is never asked for.
    const verdict = checkHandshake(auth, (deck) => decks.has(deck), '');
    if (!verdict.ok) {
      refuse(socket, verdict.error === 'unknown-deck' ? 'unknown-deck' : 'bad-auth');
      return;
    }
    const live = decks.get(verdict.auth.deck)!;
    // The deck's own string rather than the copy the URL was parsed into: kept per phone.
    const deck = live.talk.deck;
    const { clientId } = verdict.auth;
    if (!deps.phoneCap.admit(deck, arrival.network, clientId)) {
      refuse(socket, 'too-many-phones');
      return;
    }

    phone.data = { deck, role: 'audience', clientId, bucket: null };
    live.wirePhones.add(phone);
    if (live.talk.join(clientId)) live.countersChanged();
    // Level-triggered: whatever the phone had before, this is the truth now.
    sendSnapshot(phone, live);
  };
}

export type AcceptWirePhone = ReturnType<typeof createWireConnections>;
