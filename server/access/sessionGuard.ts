/**
 * engine.io sessions that have not joined a deck yet. A session costs the server memory from its
 * handshake on (a long-polling one needs nothing but a GET), and joining is what proves anything: one
 * script opened 357,180 unjoined long-polling sessions in 30 s and took the server from 237 MiB to
 * 2 GB. So each network address may hold only a few sessions that have not joined, a session that does
 * not join within a few seconds is closed, and an address holds a bounded number of sessions in all.
 *
 * A phone joins a few milliseconds after its handshake (the page sends its namespace connect at
 * once), so it never comes near either cap. Loopback is not counted, as for the phone cap: it is this
 * machine, and the `Host` check (`accessPolicy.ts`) keeps a rebinding page from borrowing it.
 */
import type http from 'node:http';

export interface SessionGuardOptions {
  /** Sessions one address may hold before joining. @defaultValue 16 */
  maxUnjoinedPerAddress?: number;
  /** Sessions one address may hold in all, joined or not; 0 for no cap. @defaultValue 200 */
  maxSessionsPerAddress?: number;
  /** A session that has not joined by then is closed. @defaultValue 5000 */
  joinWithinMs?: number;
  /**
   * A handshake refused for the caps is answered after this long: a flooder's request loops then wait
   * instead of costing the server thousands of refusals a second (121,359 in 16 s without it, which
   * slowed everyone's joins). Phones never meet it: they stay far under the caps. @defaultValue 1000
   */
  refusalDelayMs?: number;
  /** Refusals one address may have waiting at once; beyond it they are answered at once. @defaultValue 64 */
  maxDelayedRefusals?: number;
}

/** The engine.io session, as much of it as this needs. Its `request` is read only in `opened`. */
export interface GuardedSession {
  request?: http.IncomingMessage;
  close(discard?: boolean): void;
  on(event: 'close', listener: () => void): unknown;
}

export type AdmitVerdict = 'ok' | 'too-many-unjoined' | 'too-many-sessions';

/** A connection's place in its address's count, for one that joins as it opens (the phone wire). */
export type SessionTicket = { readonly address: string };

export interface SessionGuard {
  /** At the handshake: whether this address may open one more session. Reserves a place if so. */
  admit(req: http.IncomingMessage, address: string | null): AdmitVerdict;
  /** engine.io made the session for a request `admit` let through. */
  opened(session: GuardedSession): void;
  /** The handshake that `admit` let through failed before a session existed. */
  failed(req: http.IncomingMessage): void;
  /** The session joined a deck: it no longer counts as unjoined. */
  joined(session: GuardedSession): void;
  /**
   * A connection `admit` let through that joins as it opens, with no engine.io session (a phone on
   * the plain WebSocket wire): it counts toward its address's sessions, never as unjoined. Returns
   * what `closed` needs, or null when the address is not counted (loopback).
   */
  joinedAtOnce(req: http.IncomingMessage): SessionTicket | null;
  /** The connection `joinedAtOnce` answered for has closed: its place is free. */
  closed(ticket: SessionTicket): void;
  /** Sends a cap refusal for `address` (see `refusalDelayMs`). */
  refuseLater(address: string | null, respond: () => void): void;
  /** Unjoined sessions held now, over all addresses (for tests and figures). */
  readonly unjoined: number;
  close(): void;
}

/** One admitted session of a counted address; once it joined, only what `release` needs is left. */
interface Entry {
  address: string;
  joined: boolean;
  released: boolean;
  /** Closes the session if it has not joined in time; null once it joined or was released. */
  timer: NodeJS.Timeout | null;
  session: GuardedSession | null;
}

export function createSessionGuard(options: SessionGuardOptions = {}, onTimeout: () => void = () => {}): SessionGuard {
  const maxUnjoined = options.maxUnjoinedPerAddress ?? 16;
  const maxSessions = options.maxSessionsPerAddress ?? 200;
  const joinWithinMs = options.joinWithinMs ?? 5000;
  const refusalDelayMs = options.refusalDelayMs ?? 1000;
  const maxDelayed = options.maxDelayedRefusals ?? 64;
  const delayedBy = new Map<string, number>();
  const delayed = new Set<NodeJS.Timeout>();
  const unjoinedBy = new Map<string, number>();
  const sessionsBy = new Map<string, number>();
  /** From the handshake until engine.io makes the session (or fails to). */
  const byRequest = new WeakMap<http.IncomingMessage, Entry>();
  /** From then on: the request is not kept (see `forgetHandshakeRequest`). */
  const bySession = new WeakMap<GuardedSession, Entry>();
  const live = new Set<Entry>();
  let unjoinedTotal = 0;

  const bump = (map: Map<string, number>, key: string, by: number): void => {
    const n = (map.get(key) ?? 0) + by;
    if (n <= 0) map.delete(key);
    else map.set(key, n);
  };

  /** A joined session holds a few fields, not its timer nor the session: there may be 10,000. */
  const stopTimer = (entry: Entry): void => {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    entry.session = null;
  };

  const leaveUnjoined = (entry: Entry): void => {
    if (entry.joined || entry.released) return;
    entry.joined = true;
    stopTimer(entry);
    bump(unjoinedBy, entry.address, -1);
    unjoinedTotal -= 1;
  };

  const release = (entry: Entry): void => {
    if (entry.released) return;
    leaveUnjoined(entry);
    entry.released = true;
    stopTimer(entry);
    bump(sessionsBy, entry.address, -1);
    live.delete(entry);
  };

  /** One listener for every session (`this` is the session) rather than a closure each. */
  function onSessionClose(this: GuardedSession): void {
    const entry = bySession.get(this);
    if (entry) release(entry);
  }

  return {
    admit(req, address) {
      if (address === null) return 'ok';
      if ((unjoinedBy.get(address) ?? 0) >= maxUnjoined) return 'too-many-unjoined';
      if (maxSessions > 0 && (sessionsBy.get(address) ?? 0) >= maxSessions) return 'too-many-sessions';
      const entry: Entry = { address, joined: false, released: false, session: null, timer: null };
      // Also covers a handshake that never becomes a session (a WebSocket upgrade that fails in ws).
      entry.timer = setTimeout(() => {
        if (entry.session) {
          onTimeout();
          // Discard: a long-polling client that never polls again would otherwise keep the session for
          // engine.io's 30 s close timeout.
          entry.session.close(true);
        }
        release(entry);
      }, joinWithinMs).unref();
      bump(unjoinedBy, address, 1);
      bump(sessionsBy, address, 1);
      unjoinedTotal += 1;
      byRequest.set(req, entry);
      live.add(entry);
      return 'ok';
    },
    opened(session) {
      const entry = session.request && byRequest.get(session.request);
      if (!entry || entry.released) return;
      byRequest.delete(session.request!);
      entry.session = session;
      bySession.set(session, entry);
      session.on('close', onSessionClose);
    },
    failed(req) {
      const entry = byRequest.get(req);
      if (entry && !entry.session) release(entry);
    },
    joined(session) {
      const entry = bySession.get(session);
      if (entry) leaveUnjoined(entry);
    },
    joinedAtOnce(req) {
      const entry = byRequest.get(req);
      if (!entry || entry.released) return null;
      byRequest.delete(req);
      leaveUnjoined(entry);
      return entry;
    },
    closed(ticket) {
      release(ticket as Entry);
    },
    refuseLater(address, respond) {
      if (address === null || refusalDelayMs <= 0 || (delayedBy.get(address) ?? 0) >= maxDelayed) return respond();
      bump(delayedBy, address, 1);
      const timer = setTimeout(() => {
        delayed.delete(timer);
        bump(delayedBy, address, -1);
        respond();
      }, refusalDelayMs);
      delayed.add(timer);
    },
    get unjoined() {
      return unjoinedTotal;
    },
    close() {
      for (const entry of [...live]) release(entry);
      for (const timer of delayed) clearTimeout(timer);
      delayed.clear();
    },
  };
}
