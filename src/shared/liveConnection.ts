import { io, type Socket } from 'socket.io-client';
import {
  type ClientToServerEvents,
  CONNECT_ERRORS,
  type ConnectError,
  type ErrorCode,
  type Role,
  type ServerToClientEvents,
} from '../protocol.ts';
import { clientId } from './clientId.ts';
import type { TalkState } from './talkState.ts';

export type TalkSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * - `connecting`: first attempt, nothing known yet.
 * - `live`: connected and holding a fresh snapshot.
 * - `reconnecting`: lost the server; socket.io retries with backoff, and waking the page retries at once.
 * - `refused`: the server said no (`reason`); retrying would not help until something changes.
 */
export type ConnectionStatus =
  | { state: 'connecting' }
  | { state: 'live' }
  | { state: 'reconnecting' }
  | { state: 'refused'; reason: ConnectError };

export interface LiveConnectionOptions {
  deck: string;
  role: Role;
  token?: string | null;
  state: TalkState;
  /** How long a request waits for its ack. @defaultValue 5000 */
  ackTimeoutMs?: number;
}

type RequestName = keyof ClientToServerEvents;
type PayloadOf<E extends RequestName> = Parameters<ClientToServerEvents[E]>[0];
type ReplyOf<E extends RequestName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

export interface LiveConnection {
  readonly socket: TalkSocket;
  readonly status: ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /** Emits a client event and resolves with its ack, or `timeout`. Never rejects. */
  request<E extends RequestName>(
    event: E,
    payload: PayloadOf<E>,
  ): Promise<ReplyOf<E> | { ok: false; error: 'timeout' }>;
  /** Asks for a fresh snapshot now; if the socket does not answer, it is a zombie and is replaced. */
  resync(): void;
  close(): void;
}

/**
 * One socket to the live server, kept in step with a `TalkState`.
 *
 * Transport: WebSocket first, long-polling only if the WebSocket fails (`tryAllTransports`). On the
 * laptop's own LAN there is no proxy to break WebSockets, and starting on one saves the polling
 * handshake and upgrade probe: fewer requests for two hundred phones sharing one access point, and
 * a reconnect that is one round trip instead of three. Polling stays as the fallback for venues whose
 * access points mangle WebSockets.
 *
 * Phones sleep, walk out of range and come back with a socket that still believes it is open. So on
 * waking (Page Visibility, `pageshow` from the back-forward cache, `online`) the page reconnects at
 * once instead of waiting for the backoff, or asks for a snapshot and drops the socket if the server
 * does not answer. Every connect brings a full snapshot, so nothing missed while away survives.
 */
export function connectLive(options: LiveConnectionOptions): LiveConnection {
  const { state, deck, role } = options;
  const ackTimeoutMs = options.ackTimeoutMs ?? 5000;
  const socket: TalkSocket = io({
    auth: { deck, role, clientId: clientId(), ...(options.token ? { token: options.token } : {}) },
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    // Quick first retries for a blip; jitter so two hundred phones do not return in one burst.
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
    randomizationFactor: 0.5,
    timeout: 8000,
  });

  let status: ConnectionStatus = { state: 'connecting' };
  const listeners = new Set<(status: ConnectionStatus) => void>();
  const setStatus = (next: ConnectionStatus) => {
    if (JSON.stringify(next) === JSON.stringify(status)) return;
    status = next;
    for (const listener of listeners) listener(status);
  };

  let resyncing = false;
  const resync = () => {
    if (!socket.connected) {
      // Skip the backoff: the user is looking at the page now. Closing first cancels the pending retry.
      socket.disconnect().connect();
      return;
    }
    if (resyncing) return;
    resyncing = true;
    socket
      .timeout(ackTimeoutMs)
      .emitWithAck('snapshot:get', {})
      .then((reply) => {
        if (reply.ok) {
          state.applySnapshot(reply.snapshot);
          setStatus({ state: 'live' });
        }
      })
      .catch(() => {
        // No answer on an "open" socket: the connection died while the phone slept. Start over.
        setStatus({ state: 'reconnecting' });
        socket.disconnect().connect();
      })
      .finally(() => (resyncing = false));
  };

  socket.on('snapshot', (snapshot) => {
    state.applySnapshot(snapshot);
    setStatus({ state: 'live' });
  });
  socket.on('slide', (delta) => {
    if (state.applySlide(delta) === 'gap') resync();
  });
  socket.on('poll', (delta) => {
    if (state.applyPoll(delta) === 'gap') resync();
  });
  socket.on('stats', (stats) => state.applyStats(stats));
  socket.on('questions', (board) => state.applyQuestions(board));
  socket.on('room', (settings) => state.applyRoom(settings));
  socket.on('disconnect', () => setStatus({ state: 'reconnecting' }));
  socket.on('connect_error', (error) => {
    const reason = (CONNECT_ERRORS as readonly string[]).includes(error.message)
      ? (error.message as ConnectError)
      : null;
    // A refusal by the server's middleware stops socket.io's retries (`active` is false); a network error does not.
    if (reason && !socket.active) setStatus({ state: 'refused', reason });
    else if (status.state !== 'connecting') setStatus({ state: 'reconnecting' });
  });

  const onVisible = () => {
    if (document.visibilityState === 'visible') resync();
  };
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) resync();
  };
  document.addEventListener('visibilitychange', onVisible);
  window.addEventListener('pageshow', onPageShow);
  window.addEventListener('online', resync);

  return {
    socket,
    get status() {
      return status;
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async request(event, payload) {
      // socket.io's typings cannot follow a generic event name through emitWithAck.
      const timed = socket.timeout(ackTimeoutMs) as unknown as {
        emitWithAck(event: string, payload: unknown): Promise<never>;
      };
      try {
        return await timed.emitWithAck(event, payload);
      } catch {
        return { ok: false, error: 'timeout' };
      }
    },
    resync,
    close() {
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('pageshow', onPageShow);
      window.removeEventListener('online', resync);
      socket.disconnect();
    },
  };
}

/** Words for a refused ack, for the page to show. */
export function describeError(error: ErrorCode | 'timeout'): string {
  switch (error) {
    case 'poll-closed':
      return 'Voting has closed.';
    case 'rate-limited':
      return 'Too fast — try again in a moment.';
    case 'timeout':
      return 'No answer from the laptop. Check the wifi and try again.';
    case 'forbidden':
      return 'Only the speaker can do that.';
    case 'text-empty':
      return 'Write your question first.';
    case 'text-too-long':
      return 'That is too long: 280 characters at most.';
    case 'unknown-question':
      return 'That question is no longer there.';
    case 'turned-off':
      return 'The speaker has turned this off.';
    default:
      return 'That did not go through. Try again.';
  }
}
