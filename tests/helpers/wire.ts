/**
 * The one hand-written client: a bare `ws` WebSocket that speaks engine.io v4 / socket.io v5 itself.
 * socket.io-client costs several times more memory and CPU per socket (at 10,000 sockets on two cores
 * the clients would measure themselves, not the server), and it will not send what a hostile client
 * would. Three modes, one wire:
 *
 * - `raw`: keeps every text frame and sends any frame as given (engine.io out of place, broken
 *   socket.io packets, stray binary); resolves once the snapshot arrived.
 * - `lean`: keeps nothing, hands each socket.io packet to `onPacket`; resolves once the namespace
 *   accepted `auth`. What the bench opens by the thousand.
 * - `reconnecting`: a phone as the server sees it, without a browser: keeps the last snapshot and
 *   reconnects the way the phone page does (500 ms doubling to 4 s, ±50 % jitter); resolves on the
 *   first snapshot or a refusal.
 */
import WebSocket from 'ws';

export type WireAuth = Record<string, unknown>;
export type AckReply = { ok: boolean; error?: string; [key: string]: unknown } | null;

/** What a `reconnecting` wire keeps of the last snapshot it was sent. */
export interface SnapshotSeen {
  /** `Date.now()` when it arrived. */
  at: number;
  seq: number;
  slide: { h: number; v: number; f: number };
  /** This phone's ballot per poll id. */
  yourChoice: Record<string, number | null>;
  audience: number;
}

export interface WireOptions {
  mode: 'raw' | 'lean' | 'reconnecting';
  /** The socket.io CONNECT payload: `{ deck, role, clientId, token? }`. */
  auth: WireAuth;
  /** `lean`: every socket.io packet after the CONNECT, engine.io prefix stripped. */
  onPacket?: (packet: string) => void;
  /** `reconnecting`: reconnect when the connection drops. @defaultValue true */
  reconnect?: boolean;
  /** Extra handshake headers (e.g. `X-Forwarded-For`, to come from another address behind a proxy). */
  headers?: Record<string, string>;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 4000;
const WAIT_MS = 5000;

export class Wire {
  connected = false;
  /** Sessions opened (the first connect included). */
  connects = 0;
  /** A refusal at the handshake (`connect_error`), which stops reconnecting. */
  refused: string | null = null;
  /** The last snapshot (`reconnecting` mode). */
  snapshot: SnapshotSeen | null = null;
  /** Text frames received, in order (`raw` mode). */
  readonly frames: string[] = [];
  /** Resolves with the close code once the connection ends (the current connection, in `reconnecting` mode). */
  closed: Promise<number> = new Promise(() => {});
  private ws: WebSocket | null = null;
  private nextAck = 0;
  private readonly pending = new Map<number, (reply: AckReply) => void>();
  private readonly watchers = new Set<() => void>();
  private attempts = 0;
  private stopped = false;
  private ready: ((wire: Wire) => void) | null = null;
  private failed: ((error: Error) => void) | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly options: WireOptions,
  ) {}

  get clientId(): string {
    return String(this.options.auth.clientId);
  }

  /** socket.io packets received, engine.io `4` prefix stripped (`raw` mode). */
  get packets(): string[] {
    return this.frames.filter((f) => f.startsWith('4')).map((f) => f.slice(1));
  }

  /** Connects; see the modes for when it resolves. */
  open(): Promise<Wire> {
    return new Promise((resolve, reject) => {
      this.ready = resolve;
      this.failed = reject;
      this.dial();
    });
  }

  /** Sends one WebSocket frame exactly as given (a string is a text frame, a Buffer a binary one). */
  frame(data: string | Buffer, options?: { fin?: boolean }): void {
    this.ws?.send(data, options ?? {});
  }

  /** Sends one socket.io packet as an engine.io message (`4` added); a Buffer goes as is. */
  send(packet: string | Buffer): void {
    if (this.connected || this.options.mode === 'raw')
      this.ws?.send(typeof packet === 'string' ? `4${packet}` : packet);
  }

  /** Sends an event and resolves with its ack, or null if the connection dropped first. */
  emit(event: string, payload: unknown): Promise<AckReply> {
    if (!this.connected || !this.ws) return Promise.resolve(null);
    const id = this.nextAck++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ws!.send(`42${id}${JSON.stringify([event, payload])}`);
    });
  }

  /** Resolves once `predicate` holds for the frames received (checked on each new frame), or rejects after `ms`. */
  until(predicate: (frames: string[]) => boolean, ms = WAIT_MS): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.watchers.delete(watch);
        reject(new Error(`no such frame within ${ms} ms; got ${this.frames.length}`));
      }, ms);
      const watch = () => {
        if (!predicate(this.frames)) return;
        clearTimeout(timer);
        this.watchers.delete(watch);
        resolve();
      };
      this.watchers.add(watch);
      watch();
    });
  }

  /**
   * The sentinel for "nothing happened": asks for a snapshot and waits for its ack. The server handles
   * a connection's frames in order, so an answer proves it took everything sent before and kept the
   * session open. False if the connection ends first (or nothing answers within `ms`).
   */
  async stillServes(ms = WAIT_MS): Promise<boolean> {
    const id = 900_000 + this.nextAck++;
    this.frame(`42${id}["snapshot:get",{}]`);
    const answered = this.until((frames) => frames.some((f) => f.startsWith(`43${id}[{"ok":true`)), ms).then(
      () => true,
      () => false,
    );
    return Promise.race([answered, this.closed.then(() => false)]);
  }

  /** Resolves true once the server has ended the connection, false if it is still open after `ms`. */
  ended(ms = WAIT_MS): Promise<boolean> {
    return Promise.race([
      this.closed.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref()),
    ]);
  }

  isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.ws?.terminate();
  }

  private dial(): void {
    if (this.stopped) return;
    const ws = new WebSocket(`${this.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
      headers: this.options.headers,
    });
    this.ws = ws;
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.onFrame(data.toString());
    });
    ws.on('close', () => this.onClose(ws));
    ws.on('error', (error) => {
      if (this.options.mode !== 'reconnecting') this.settle(error);
    });
  }

  /** Resolves (or, given an error, rejects) `open()` once. */
  private settle(error?: Error): void {
    const [ready, failed] = [this.ready, this.failed];
    this.ready = this.failed = null;
    if (error) failed?.(error);
    else ready?.(this);
  }

  private onFrame(text: string): void {
    if (this.options.mode === 'raw') {
      this.frames.push(text);
      for (const watch of [...this.watchers]) watch();
    }
    switch (text[0]) {
      case '0':
        this.ws!.send(`40${JSON.stringify(this.options.auth)}`);
        return;
      case '2':
        this.ws!.send('3');
        return;
      case '4':
        break;
      default:
        return;
    }
    if (text.startsWith('40') && !this.connected) {
      this.connected = true;
      this.connects += 1;
      this.attempts = 0;
      if (this.options.mode === 'lean') this.settle();
      return;
    }
    if (text.startsWith('44') && !this.connected) {
      this.refused = (JSON.parse(text.slice(2)) as { message: string }).message;
      this.stopped = true;
      if (this.options.mode === 'reconnecting') this.settle();
      else this.settle(new Error(`refused: ${this.refused}`));
      return;
    }
    if (this.options.mode === 'lean') {
      this.options.onPacket?.(text.slice(1));
      return;
    }
    if (text.startsWith('43')) {
      const match = /^43(\d+)(.*)$/s.exec(text);
      const resolve = match && this.pending.get(Number(match[1]));
      if (!match || !resolve) return;
      this.pending.delete(Number(match[1]));
      resolve((JSON.parse(match[2]!) as [AckReply])[0]);
      return;
    }
    if (!text.startsWith('42["snapshot"')) return;
    if (this.options.mode === 'reconnecting') {
      const [, snapshot] = JSON.parse(text.slice(2)) as [
        string,
        {
          seq: number;
          slide: SnapshotSeen['slide'];
          polls: { id: string; yourChoice: number | null }[];
          audience: number;
        },
      ];
      this.snapshot = {
        at: Date.now(),
        seq: snapshot.seq,
        slide: snapshot.slide,
        yourChoice: Object.fromEntries(snapshot.polls.map((p) => [p.id, p.yourChoice])),
        audience: snapshot.audience,
      };
    }
    this.settle();
  }

  private onClose(ws: WebSocket): void {
    if (ws !== this.ws) return;
    this.connected = false;
    for (const resolve of this.pending.values()) resolve(null);
    this.pending.clear();
    if (this.options.mode !== 'reconnecting') {
      this.settle(new Error('closed before the session opened'));
      return;
    }
    if (this.stopped || this.options.reconnect === false) {
      this.settle();
      return;
    }
    const base = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.attempts);
    this.attempts += 1;
    this.timer = setTimeout(() => this.dial(), base * (0.5 + Math.random()));
  }
}

/** Opens one wire to a lectern server at `url` (http://host:port); see the modes. */
export function openWire(url: string, options: WireOptions): Promise<Wire> {
  return new Wire(url, options).open();
}

/** What the bench needs of a socket it holds by the thousand: a lean wire or a plain WebSocket. */
export interface LeanSocket {
  send(text: string): void;
  close(): void;
}

/**
 * A plain WebSocket (no engine.io), every message handed to `onMessage`: the bench's bare-`ws` baseline.
 * Resolves once it is open, or with `untilGreeted` once its first message (the server's greeting, not
 * handed on) arrived.
 */
export function openPlainWebSocket(
  url: string,
  onMessage: (text: string) => void,
  untilGreeted = false,
): Promise<{ ws: WebSocket; send(text: string): void; close(): void }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws'), { perMessageDeflate: false });
    const socket = { ws, send: (text: string) => ws.send(text), close: () => ws.terminate() };
    let greeted = !untilGreeted;
    ws.on('open', () => {
      if (greeted) resolve(socket);
    });
    ws.on('message', (data) => {
      if (greeted) return onMessage(data.toString());
      greeted = true;
      resolve(socket);
    });
    ws.on('close', () => {
      if (!greeted) reject(new Error('closed before the greeting'));
    });
    ws.on('error', reject);
  });
}

/** Runs `open` for `count` items with at most `parallel` in flight. */
export async function inBatches<T>(count: number, parallel: number, open: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await open(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, lane));
  return results;
}

/** A bench child's share of the room: which server and deck, how many phones, and their clientIds' prefix. */
export interface PhonesRequest {
  /** The server, `http://host:port`. */
  origin: string;
  deck: string;
  count: number;
  /** clientIds run `<prefix>-000000`, `<prefix>-000001`, …: each child's phones are phones of their own. */
  prefix: string;
}

/**
 * Opens a bench child's phones: `count` audience lean wires, 50 handshakes in flight at once. Each
 * socket.io packet a phone receives goes to `onPacket` with that phone's index.
 */
export function openLeanPhones(
  { origin, deck, count, prefix }: PhonesRequest,
  onPacket: (index: number, packet: string) => void,
): Promise<Wire[]> {
  return inBatches(count, 50, (i) =>
    openWire(origin, {
      mode: 'lean',
      auth: { deck, role: 'audience', clientId: `${prefix}-${String(i).padStart(6, '0')}` },
      onPacket: (packet) => onPacket(i, packet),
    }),
  );
}

// ------------------------------------------------------------------ the phone wire (`/live`)

/** How a phone-wire connection ended: the close code and reason the server gave. */
export interface WireClose {
  code: number;
  reason: string;
}

export interface PhoneWireOptions {
  deck?: string;
  clientId?: string;
  /** Extra upgrade headers (`Origin`, `Host`, `X-Forwarded-For`). */
  headers?: Record<string, string>;
  /** The whole query instead of `deck` and `clientId` (to send a broken one). */
  query?: string;
  /** Answer the server's `["ping"]` with `["pong"]`, as the phone page does. @defaultValue true */
  answerPings?: boolean;
}

/**
 * A phone on the plain WebSocket wire (`GET /live`, JSON frames), as the phone page speaks it: keeps
 * every frame it receives, parsed, and answers pings. `opened` resolves once the upgrade succeeded
 * (not once the phone joined: a refusal comes after it as a close frame).
 */
export class PhoneWire {
  /** Every frame received, parsed, in order. */
  readonly frames: unknown[][] = [];
  /** Resolves once the connection ends. */
  readonly closed: Promise<WireClose>;
  readonly ws: WebSocket;
  private nextAck = 1;
  private readonly pending = new Map<number, (reply: AckReply) => void>();
  private readonly watchers = new Set<() => void>();

  constructor(url: string, options: PhoneWireOptions = {}) {
    const query =
      options.query ??
      `deck=${encodeURIComponent(options.deck ?? '')}&clientId=${encodeURIComponent(options.clientId ?? '')}`;
    this.ws = new WebSocket(`${url.replace(/^http/, 'ws')}/live?${query}`, {
      perMessageDeflate: false,
      headers: options.headers,
    });
    this.closed = new Promise((resolve) =>
      this.ws.on('close', (code, reason) => {
        for (const answer of this.pending.values()) answer(null);
        this.pending.clear();
        resolve({ code, reason: reason.toString() });
      }),
    );
    this.ws.on('error', () => {});
    this.ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const frame = JSON.parse(data.toString()) as unknown[];
      if (frame[0] === 'ping' && options.answerPings !== false) this.ws.send('["pong"]');
      if (frame[0] === 'ack') {
        const answer = this.pending.get(frame[1] as number);
        this.pending.delete(frame[1] as number);
        answer?.(frame[2] as AckReply);
      }
      this.frames.push(frame);
      for (const watch of [...this.watchers]) watch();
    });
  }

  /** Resolves once the upgrade succeeded; rejects with the HTTP status if it was refused. */
  opened(): Promise<this> {
    return new Promise((resolve, reject) => {
      if (this.ws.readyState === WebSocket.OPEN) return resolve(this);
      this.ws.once('open', () => resolve(this));
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      this.ws.once('error', reject);
    });
  }

  /** The payloads of every `[event, payload]` received so far. */
  events<T = unknown>(event: string): T[] {
    return this.frames.filter((f) => f[0] === event).map((f) => f[1] as T);
  }

  /** Resolves with the first payload of `event` (received already or later) that `match` accepts. */
  next<T = unknown>(event: string, match: (payload: T) => boolean = () => true, ms = WAIT_MS): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.watchers.delete(watch);
        reject(new Error(`no ${event} within ${ms} ms; got ${JSON.stringify(this.frames.map((f) => f[0]))}`));
      }, ms);
      const watch = () => {
        const found = this.events<T>(event).find(match);
        if (found === undefined) return;
        clearTimeout(timer);
        this.watchers.delete(watch);
        resolve(found);
      };
      this.watchers.add(watch);
      watch();
    });
  }

  /** Sends `[event, payload, id]` and resolves with the reply, or null if the connection ends first. */
  request(event: string, payload: unknown): Promise<AckReply> {
    const id = this.nextAck++;
    return new Promise((resolve) => {
      if (this.ws.readyState !== WebSocket.OPEN) return resolve(null);
      this.pending.set(id, resolve);
      this.ws.send(JSON.stringify([event, payload, id]));
    });
  }

  /** Sends one frame exactly as given (a string as a text frame, a Buffer as a binary one). */
  send(data: string | Buffer): void {
    this.ws.send(data, { binary: typeof data !== 'string' });
  }

  /** Resolves true once the server ended the connection, false if it is still open after `ms`. */
  ended(ms = WAIT_MS): Promise<boolean> {
    return Promise.race([
      this.closed.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref()),
    ]);
  }

  close(): void {
    this.ws.terminate();
  }
}

/** Opens a phone on the wire and resolves once its first frame (the snapshot, or nothing if refused) arrived. */
export async function openPhoneWire(url: string, options: PhoneWireOptions = {}): Promise<PhoneWire> {
  const phone = new PhoneWire(url, options);
  await phone.opened();
  await Promise.race([phone.next('snapshot'), phone.closed]);
  return phone;
}

/**
 * A bench's phone on the wire, by the thousand: keeps nothing, hands each text frame to `onFrame`,
 * answers pings; resolves once the snapshot arrived.
 */
export function openLeanWirePhone(
  origin: string,
  deck: string,
  clientId: string,
  onFrame: (text: string) => void,
): Promise<LeanSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(
      `${origin.replace(/^http/, 'ws')}/live?deck=${encodeURIComponent(deck)}&clientId=${encodeURIComponent(clientId)}`,
      { perMessageDeflate: false },
    );
    let joined = false;
    ws.on('message', (data) => {
      const text = data.toString();
      if (text === '["ping"]') ws.send('["pong"]');
      else if (!joined && text.startsWith('["snapshot"')) {
        joined = true;
        resolve({ send: (t) => ws.send(t), close: () => ws.terminate() });
      } else onFrame(text);
    });
    ws.on('close', (code) => {
      if (!joined) reject(new Error(`closed before the snapshot (${code})`));
    });
    ws.on('error', (error) => {
      if (!joined) reject(error);
    });
  });
}

/** A bench child's share of the room on the wire: `count` phones, 50 upgrades in flight at once. */
export function openLeanWirePhones(
  { origin, deck, count, prefix }: PhonesRequest,
  onFrame: (index: number, text: string) => void,
): Promise<LeanSocket[]> {
  return inBatches(count, 50, (i) =>
    openLeanWirePhone(origin, deck, `${prefix}-${String(i).padStart(6, '0')}`, (text) => onFrame(i, text)),
  );
}
