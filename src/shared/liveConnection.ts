import {
  type ClientToServerEvents,
  type ConnectError,
  type ErrorCode,
  paths,
  type Role,
  type ServerToClientEvents,
} from '../protocol.ts';
import { clientId } from './clientId.ts';
import type { JoinParams, LiveTransport, TransportSink } from './liveTransport.ts';
import { phoneWire } from './phoneWire.ts';
import type { TalkState } from './talkState.ts';

/**
 * - `connecting`: first attempt, nothing known yet.
 * - `live`: connected and holding a fresh snapshot.
 * - `reconnecting`: lost the server; the transport retries with backoff, and waking the page retries at once.
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
type EventName = keyof ServerToClientEvents;
type PayloadFrom<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

export interface LiveConnection {
  readonly status: ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /** Listens to a server event, after the talk state has taken it in. */
  on<E extends EventName>(event: E, listener: (payload: PayloadFrom<E>) => void): void;
  off<E extends EventName>(event: E, listener: (payload: PayloadFrom<E>) => void): void;
  /** Sends a client event without asking for its ack (a reaction, the pointer): fire and forget. */
  emit<E extends RequestName>(event: E, payload: PayloadOf<E>): void;
  /** Emits a client event and resolves with its ack, or `timeout`. Never rejects. */
  request<E extends RequestName>(
    event: E,
    payload: PayloadOf<E>,
  ): Promise<ReplyOf<E> | { ok: false; error: 'timeout' }>;
  /** Asks for a fresh snapshot now; if the connection does not answer, it is a zombie and is replaced. */
  resync(): void;
  close(): void;
}

type Listener = (payload: unknown) => void;

/**
 * One connection to the live server, kept in step with a `TalkState`, over one of two transports:
 *
 * - phones (role `audience`) use the phone wire (`phoneWire.ts`): a plain WebSocket with JSON frames,
 *   which costs a phone least on every slide move and is the least to download. If that WebSocket
 *   cannot open twice in a row (a venue whose access points break WebSockets), the phone falls back to
 *   socket.io, which can long-poll, for the rest of the page's life.
 * - the speaker view and the projected deck use socket.io (`socketIoTransport.ts`).
 *
 * socket.io-client is loaded with `import()` in both cases, so the phone page's first bytes do not
 * carry it.
 *
 * Phones sleep, walk out of range and come back with a connection that still believes it is open. So
 * on waking (Page Visibility, `pageshow` from the back-forward cache, `online`) the page reconnects at
 * once instead of waiting for the backoff, or asks for a snapshot and drops the connection if the
 * server does not answer. Every connect brings a full snapshot, so nothing missed while away survives.
 */
export function connectLive(options: LiveConnectionOptions): LiveConnection {
  const { state, deck, role } = options;
  const ackTimeoutMs = options.ackTimeoutMs ?? 5000;
  const join: JoinParams = { deck, role, clientId: clientId(), ...(options.token ? { token: options.token } : {}) };

  let status: ConnectionStatus = { state: 'connecting' };
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const setStatus = (next: ConnectionStatus) => {
    if (JSON.stringify(next) === JSON.stringify(status)) return;
    status = next;
    for (const listener of statusListeners) listener(status);
  };

  const listeners = new Map<string, Set<Listener>>();
  const sink: TransportSink = {
    event(name, payload) {
      switch (name) {
        case 'snapshot':
          state.applySnapshot(payload as PayloadFrom<'snapshot'>);
          setStatus({ state: 'live' });
          break;
        case 'slide':
          if (state.applySlide(payload as PayloadFrom<'slide'>) === 'gap') resync();
          break;
        case 'poll':
          if (state.applyPoll(payload as PayloadFrom<'poll'>) === 'gap') resync();
          break;
        case 'stats':
          state.applyStats(payload as PayloadFrom<'stats'>);
          break;
        case 'questions':
          state.applyQuestions(payload as PayloadFrom<'questions'>);
          break;
        case 'room':
          state.applyRoom(payload as PayloadFrom<'room'>);
          break;
      }
      const forPage = listeners.get(name);
      if (forPage) for (const listener of forPage) listener(payload);
    },
    up() {},
    down() {
      if (status.state !== 'connecting') setStatus({ state: 'reconnecting' });
    },
    refused(reason) {
      setStatus({ state: 'refused', reason });
    },
  };

  let closed = false;
  /** Until socket.io-client has loaded, the speaker view and the deck queue what they send. */
  let transport: LiveTransport | null = null;
  const queued: ((transport: LiveTransport) => void)[] = [];
  const use = (next: LiveTransport) => {
    transport = next;
    for (const send of queued.splice(0)) send(next);
  };
  const withTransport = (send: (transport: LiveTransport) => void) => {
    if (transport) send(transport);
    else queued.push(send);
  };
  const loadSocketIo = async (): Promise<LiveTransport | null> => {
    try {
      const { socketIoTransport } = await import('./socketIoTransport.ts');
      return closed ? null : socketIoTransport(join, sink);
    } catch {
      // The server cannot be reached right now (or the chunk is gone): the caller tries again later.
      return null;
    }
  };

  if (role === 'audience') {
    use(
      phoneWire(join, sink, {
        async fallback() {
          // A laptop that restarts refuses WebSockets for a moment too: only a server that answers over
          // HTTP while its WebSocket cannot open is a venue that breaks WebSockets.
          if (!(await answersHttp(deck))) return false;
          const socketIo = await loadSocketIo();
          if (!socketIo) return false;
          use(socketIo);
          return true;
        },
      }),
    );
  } else {
    const retry = async () => {
      const socketIo = await loadSocketIo();
      if (socketIo) use(socketIo);
      else if (!closed) setTimeout(retry, 2000);
    };
    void retry();
  }

  const request = (event: string, payload: unknown): Promise<never> =>
    new Promise((resolve) =>
      withTransport((t) =>
        t.request(event, payload, ackTimeoutMs).then(
          (reply) => resolve(reply as never),
          () => resolve({ ok: false, error: 'timeout' } as never),
        ),
      ),
    );

  let resyncing = false;
  function resync(): void {
    const current = transport;
    if (!current) return;
    if (!current.connected) {
      // Skip the backoff: the user is looking at the page now.
      current.reconnectNow();
      return;
    }
    if (resyncing) return;
    resyncing = true;
    current
      .request('snapshot:get', {}, ackTimeoutMs)
      .then((reply) => {
        const answer = reply as ReplyOf<'snapshot:get'>;
        if (answer.ok) {
          state.applySnapshot(answer.snapshot);
          setStatus({ state: 'live' });
        }
      })
      .catch(() => {
        // No answer on an "open" connection: it died while the phone slept. Start over.
        setStatus({ state: 'reconnecting' });
        current.reconnectNow();
      })
      .finally(() => (resyncing = false));
  }

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
    get status() {
      return status;
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as Listener);
    },
    off(event, listener) {
      listeners.get(event)?.delete(listener as Listener);
    },
    emit(event, payload) {
      withTransport((t) => t.emit(event, payload));
    },
    request,
    resync,
    close() {
      closed = true;
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('pageshow', onPageShow);
      window.removeEventListener('online', resync);
      queued.length = 0;
      transport?.close();
    },
  };
}

/** Whether the server answers a plain request now (its WebSocket may still be blocked on the way). */
async function answersHttp(deck: string): Promise<boolean> {
  try {
    await fetch(paths.talk(deck), { cache: 'no-store', headers: { Accept: 'application/json' } });
    return true;
  } catch {
    return false;
  }
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
