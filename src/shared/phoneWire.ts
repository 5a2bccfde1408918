import { WIRE_PATH, WIRE_PING_INTERVAL_MS, WIRE_REFUSED_MIN_CODE, wireRefusal } from '../protocol.ts';
import type { JoinParams, LiveTransport, TransportSink } from './liveTransport.ts';
import { openWireSocket, type WireSocket } from './wireSocket.ts';

/** Reconnect after 500 ms, doubling to 4 s, each delay ±50 %: two hundred phones do not return in one burst. */
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 4000;
const JITTER = 0.5;
/** The server pings every 25 s: two pings missed is a connection that died without a close. */
const SILENCE_MS = 2 * WIRE_PING_INTERVAL_MS;
/** An open that neither succeeds nor fails (a venue that swallows the upgrade) is given up after this. */
const OPEN_TIMEOUT_MS = 5000;
/** Frames kept while the wire is down, sent once it is open again (socket.io buffers the same way). */
const OUTBOX_MAX = 50;
/** Opens in a row that never got through before the page falls back to socket.io. */
const FAILED_OPENS_BEFORE_FALLBACK = 2;

interface Pending {
  resolve(reply: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export interface PhoneWireOptions {
  /**
   * Called when the WebSocket has failed to open twice in a row. Resolves `true` once another
   * transport took over (this one then stops for good), `false` to keep trying this one.
   */
  fallback(): Promise<boolean>;
}

/**
 * The phone's end of the live wire: a plain WebSocket to `/live` with JSON frames (docs/protocol.md),
 * instead of socket.io-client, whose decoding costs a slow phone milliseconds on every slide move and
 * whose bytes it downloads before the live card. Server frames are `["event", payload]`,
 * `["ack", id, reply]` and `["ping"]` (answered `["pong"]`); the page sends `["event", payload, id?]`.
 * The WebSocket itself lives in a worker where one can run (wireSocket.ts), off the page's main thread.
 *
 * It reconnects by itself with backoff and jitter; a close code of 4000 or more is a refusal and
 * stops it until `reconnectNow` (the page woke up: something may have changed). A WebSocket that
 * never opens twice in a row (a venue that breaks them) hands over to `fallback`.
 */
export function phoneWire(join: JoinParams, sink: TransportSink, options: PhoneWireOptions): LiveTransport {
  const query = new URLSearchParams({ deck: join.deck, clientId: join.clientId });
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${WIRE_PATH}?${query}`;

  let ws: WireSocket | null = null;
  let opened = false;
  let stopped = false;
  /** Waiting for `fallback` to decide: no new socket meanwhile, or a second fallback could start. */
  let fallingBack = false;
  let failedOpens = 0;
  let retries = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let openTimer: ReturnType<typeof setTimeout> | undefined;
  let lastFrameAt = 0;
  let watchdog: ReturnType<typeof setInterval> | undefined;
  let nextId = 0;
  const pending = new Map<number, Pending>();
  const outbox: { text: string; id?: number }[] = [];

  const send = (text: string, id?: number) => {
    if (ws && opened) ws.send(text);
    else if (outbox.length < OUTBOX_MAX) outbox.push(id === undefined ? { text } : { text, id });
  };

  const onOpen = () => {
    opened = true;
    failedOpens = 0;
    retries = 0;
    clearTimeout(openTimer);
    lastFrameAt = Date.now();
    watchdog = setInterval(() => {
      if (Date.now() - lastFrameAt > SILENCE_MS) drop();
    }, SILENCE_MS / 5);
    // Requests whose wait ran out while the wire was down are not sent late.
    for (const frame of outbox.splice(0))
      if (frame.id === undefined || pending.has(frame.id)) (ws as WireSocket).send(frame.text);
    sink.up();
  };

  const onMessage = (event: { data: unknown }) => {
    lastFrameAt = Date.now();
    if (typeof event.data !== 'string') return;
    let frame: unknown;
    try {
      frame = JSON.parse(event.data);
    } catch {
      return;
    }
    if (!Array.isArray(frame) || typeof frame[0] !== 'string') return;
    const name = frame[0];
    if (name === 'ping') {
      (ws as WireSocket).send('["pong"]');
    } else if (name === 'ack') {
      const waiting = pending.get(frame[1] as number);
      if (!waiting) return;
      pending.delete(frame[1] as number);
      clearTimeout(waiting.timer);
      waiting.resolve(frame[2]);
    } else {
      sink.event(name, frame[1]);
    }
  };

  const onClose = (event: { code: number }) => {
    const wasOpen = opened;
    detach();
    // Sent requests cannot be answered by a new connection: they fail now rather than at their timeout.
    for (const [id, waiting] of pending)
      if (!outbox.some((frame) => frame.id === id)) {
        pending.delete(id);
        clearTimeout(waiting.timer);
        waiting.reject(new Error('closed'));
      }
    if (event.code >= WIRE_REFUSED_MIN_CODE) {
      // The code names the refusal (4000 + n); the close reason only repeats it, for people reading traffic.
      sink.refused(wireRefusal(event.code) ?? 'bad-auth');
      return;
    }
    sink.down();
    if (!wasOpen && ++failedOpens >= FAILED_OPENS_BEFORE_FALLBACK) {
      failedOpens = 0;
      fallingBack = true;
      void options.fallback().then((replaced) => {
        fallingBack = false;
        if (replaced) stop();
        else retryLater();
      });
      return;
    }
    retryLater();
  };

  /** Forgets the current socket: its events no longer reach us. */
  const detach = () => {
    clearTimeout(openTimer);
    clearInterval(watchdog);
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = null;
    ws = null;
    opened = false;
  };

  const open = () => {
    clearTimeout(retryTimer);
    if (stopped) return;
    const socket = openWireSocket(url);
    ws = socket;
    socket.onopen = onOpen;
    socket.onmessage = onMessage;
    socket.onclose = onClose;
    // A failed open also fires `close` (code 1006), so `error` needs no handler of its own.
    openTimer = setTimeout(() => {
      if (ws === socket && !opened) drop();
    }, OPEN_TIMEOUT_MS);
  };

  /** Closes the socket as if the network had: the close handler then retries. */
  const drop = () => {
    const socket = ws;
    if (!socket) return;
    const code = opened ? 1000 : 1006;
    socket.close();
    onClose({ code });
  };

  const retryLater = () => {
    if (stopped) return;
    const base = Math.min(RETRY_MIN_MS * 2 ** retries, RETRY_MAX_MS);
    retries += 1;
    retryTimer = setTimeout(open, base * (1 + (Math.random() * 2 - 1) * JITTER));
  };

  const stop = () => {
    stopped = true;
    clearTimeout(retryTimer);
    const socket = ws;
    detach();
    socket?.close();
    for (const waiting of pending.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(new Error('closed'));
    }
    pending.clear();
    outbox.length = 0;
  };

  open();

  return {
    get connected() {
      return opened;
    },
    emit(event, payload) {
      send(JSON.stringify([event, payload]));
    },
    request(event, payload, timeoutMs) {
      const id = nextId;
      nextId = (nextId + 1) % 2 ** 31;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error('timeout'));
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        send(JSON.stringify([event, payload, id]), id);
      });
    },
    reconnectNow() {
      if (stopped || fallingBack) return;
      const socket = ws;
      detach();
      socket?.close();
      open();
    },
    close: stop,
  };
}
