/**
 * The socket.io side of a connection's life: who may connect, which room it joins, the snapshot it
 * gets first, and where its events go.
 */
import { type ConnectError, needsToken, ROLES } from '../../src/protocol.ts';
import type { PhoneCap } from '../access/phoneCap.ts';
import { checkHandshake } from '../access/presenterToken.ts';
import type { GuardedSession, SessionGuard } from '../access/sessionGuard.ts';
import type { TokenGuard } from '../access/tokenGuard.ts';
import type { createDispatcher } from './dispatcher.ts';
import type { FailureSummary } from './failureSummary.ts';
import type { LecternServer, LecternSocket, LiveDeck } from './liveDeck.ts';
import type { Rejections } from './rejections.ts';
import { sendSnapshot } from './snapshotCache.ts';
import { eventRouter, slimHandshake } from './socketIoInternals.ts';

export interface SocketDeps {
  decks: ReadonlyMap<string, LiveDeck>;
  presenterToken: string;
  rejections: Rejections;
  failures: FailureSummary;
  /** Distinct audience ids per network address and deck. */
  phoneCap: PhoneCap;
  /** Unjoined sessions: a session that joins stops counting as one. */
  sessions: SessionGuard;
  /** Backoff for wrong presenter tokens per address. */
  tokenGuard: TokenGuard;
  /**
   * The network an engine.io session is counted under, read from its handshake request when it opened
   * (the proxy's `X-Forwarded-For` when trusted); null for loopback, undefined for a session not known.
   */
  networkOfSession(session: object): string | null | undefined;
}

type EngineConnection = LecternSocket['conn'];

/** engine.io packet types only a server sends, or only during the handshake. */
const OUT_OF_PLACE_PACKETS = new Set(['open', 'upgrade', 'close']);

/** ws refuses a frame over `maxPayload`; the polling transport answers 413. */
function isTooLarge(description: unknown): boolean {
  const error = description as { code?: unknown; message?: unknown } | undefined;
  return (
    error?.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ||
    (typeof error?.message === 'string' && /max payload|too large/i.test(error.message))
  );
}

/** `dispatch` is the one dispatcher every connection's events go to (the phone wire's too). */
export function attachSockets(
  io: LecternServer,
  dispatch: ReturnType<typeof createDispatcher>,
  deps: SocketDeps,
): void {
  const { decks, rejections } = deps;
  const routeEvents = eventRouter<LecternSocket>(function onEvent(...packet) {
    dispatch(this, packet);
  });

  // The host and the page's origin were checked at the engine.io handshake (`allowRequest` in app.ts).
  io.use((socket, next) => {
    const network = deps.networkOfSession(socket.conn);
    // Not a session engine.io announced: nothing to count it under, so it is not let in.
    if (network === undefined) return refuse(socket, next, 'bad-origin');
    const guessKey = network ?? 'loopback';
    // A handshake that claims a role with the token waits out its address's backoff before the token is read.
    const claimed = (socket.handshake.auth as { role?: unknown } | undefined)?.role;
    if (ROLES.some((role) => role === claimed && needsToken(role))) {
      const allowed = deps.tokenGuard.mayTry(guessKey);
      if (!allowed.ok) {
        rejections.count('slow-down');
        return refuse(socket, next, 'slow-down');
      }
    }
    const verdict = checkHandshake(socket.handshake.auth, (deck) => decks.has(deck), deps.presenterToken);
    if (!verdict.ok) {
      if (verdict.error === 'bad-token') {
        rejections.count('bad-token');
        deps.tokenGuard.failed(guessKey);
      }
      return refuse(socket, next, verdict.error);
    }
    const { clientId } = verdict.auth;
    // The deck's and the role's own strings rather than the copies each handshake parsed: kept per socket.
    const deck = decks.get(verdict.auth.deck)!.talk.deck;
    const role = ROLES.find((r) => r === verdict.auth.role)!;
    if (needsToken(role)) deps.tokenGuard.succeeded(guessKey);
    if (role === 'audience' && !deps.phoneCap.admit(deck, network, clientId)) {
      return refuse(socket, next, 'too-many-phones');
    }
    // The rate bucket comes with the socket's first event (see the dispatcher): most phones only listen.
    socket.data = { deck, role, clientId, bucket: null };
    slimHandshake(socket);
    next();
  });

  /**
   * A refused handshake also ends the connection (after the refusal is sent; socket.io's own client
   * closes it then anyway). One engine.io connection could otherwise send namespace connects with a
   * new token guess each, thousands a second, without ever opening another session.
   */
  function refuse(socket: LecternSocket, next: (error?: Error) => void, error: ConnectError): void {
    rejections.count('connect-refused');
    next(new Error(error));
    // socket.io writes the refusal on the next tick; `close()` then waits for it to be flushed.
    const conn = socket.conn;
    setImmediate(() => conn.close());
  }

  io.on('connection', (socket) => {
    deps.sessions.joined(socket.conn as unknown as GuardedSession);
    const live = decks.get(socket.data.deck);
    if (!live) return socket.disconnect(true);
    const { role, clientId } = socket.data;
    socket.join(live.rooms[role]);
    if (role === 'audience' && live.talk.join(clientId)) live.countersChanged();
    // Level-triggered: whatever the client had before, this is the truth now.
    sendSnapshot(socket, live);
    // A speaker page that (re)connects during an outage must hear it: the server tells only changes.
    if (role !== 'audience' && !deps.failures.working) socket.emit('store', { ok: false });
    routeEvents(socket);
    socket.on('disconnect', onDisconnect);
    socket.on('error', onPacketError);
    socket.conn.on('packet', onEnginePacket);
  });

  // Shared listeners (`this` is the socket) rather than closures: there may be 10,000 sockets.
  function onDisconnect(this: LecternSocket, reason: string, description?: unknown): void {
    if (isTooLarge(description)) rejections.count('too-large');
    // Pages use one namespace: a client that leaves it is done, and a raw one that stays connected
    // without it would hold a connection the server answers pings on forever.
    if (reason === 'client namespace disconnect') this.conn.close();
    const live = decks.get(this.data.deck);
    if (live && this.data.role === 'audience' && live.talk.leave(this.data.clientId)) live.countersChanged();
  }

  /**
   * engine.io silently ignores a client's `open`, `upgrade` or `close` packet on an established
   * connection. None has a place there (an upgrade's own `upgrade` is read by the new transport before
   * it takes over), so a client sending one does not speak the protocol: the session ends.
   */
  function onEnginePacket(this: EngineConnection, packet: { type: string }): void {
    if (OUT_OF_PLACE_PACKETS.has(packet.type)) {
      rejections.count('malformed-packet');
      this.close();
    }
  }

  /** socket.io could not decode a packet and closes the connection; without a listener it would print a stack. */
  function onPacketError(this: LecternSocket): void {
    rejections.count('malformed-packet');
  }
}
