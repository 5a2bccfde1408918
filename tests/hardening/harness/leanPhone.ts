/**
 * A phone as the server sees it, without a browser: a bare WebSocket speaking engine.io / socket.io,
 * that keeps the snapshot it was sent and reconnects the way the phone page does (500 ms doubling to
 * 4 s, ±50 % jitter). Thousands fit in one process; socket.io-client would cost several times more.
 */
import WebSocket from 'ws';

export interface LeanPhoneOptions {
  url: string;
  deck: string;
  clientId: string;
  /** Reconnect when the connection drops. @defaultValue true */
  reconnect?: boolean;
}

export interface SnapshotSeen {
  /** `Date.now()` when it arrived. */
  at: number;
  seq: number;
  slide: { h: number; v: number; f: number };
  /** This phone's ballot per poll id. */
  yourChoice: Record<string, number | null>;
  audience: number;
}

export type AckReply = { ok: boolean; error?: string; [key: string]: unknown } | null;

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 4000;

export class LeanPhone {
  connected = false;
  /** Sessions opened (first connect included). */
  connects = 0;
  /** A refusal at the handshake (`connect_error`), which stops reconnecting. */
  refused: string | null = null;
  snapshot: SnapshotSeen | null = null;
  private ws: WebSocket | null = null;
  private nextAck = 0;
  private readonly pending = new Map<number, (reply: AckReply) => void>();
  private attempts = 0;
  private stopped = false;
  private firstSnapshot: ((phone: LeanPhone) => void) | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: LeanPhoneOptions) {}

  get clientId(): string {
    return this.options.clientId;
  }

  /** Connects and resolves on the first snapshot (or a refusal). */
  open(): Promise<LeanPhone> {
    return new Promise((resolve) => {
      this.firstSnapshot = resolve;
      this.dial();
    });
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

  /** Sends a raw socket.io packet (engine.io `4` added), no ack expected. */
  sendRaw(packet: string): void {
    if (this.connected) this.ws?.send(`4${packet}`);
  }

  close(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.ws?.terminate();
  }

  private dial(): void {
    if (this.stopped) return;
    const ws = new WebSocket(`${this.options.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
    });
    this.ws = ws;
    ws.on('message', (data) => this.onFrame(data.toString()));
    ws.on('close', () => this.onClose(ws));
    ws.on('error', () => undefined);
  }

  private onFrame(text: string): void {
    switch (text[0]) {
      case '0':
        this.ws!.send(
          `40${JSON.stringify({ deck: this.options.deck, role: 'audience', clientId: this.options.clientId })}`,
        );
        return;
      case '2':
        this.ws!.send('3');
        return;
      case '4':
        break;
      default:
        return;
    }
    if (text.startsWith('44')) {
      this.refused = (JSON.parse(text.slice(2)) as { message: string }).message;
      this.stopped = true;
      this.firstSnapshot?.(this);
      this.firstSnapshot = null;
      return;
    }
    if (text.startsWith('40')) {
      this.connected = true;
      this.connects += 1;
      this.attempts = 0;
      return;
    }
    if (text.startsWith('43')) {
      const match = /^43(\d+)(.*)$/s.exec(text)!;
      const resolve = this.pending.get(Number(match[1]));
      this.pending.delete(Number(match[1]));
      resolve?.((JSON.parse(match[2]!) as [AckReply])[0]);
      return;
    }
    if (text.startsWith('42["snapshot"')) {
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
      this.firstSnapshot?.(this);
      this.firstSnapshot = null;
    }
  }

  private onClose(ws: WebSocket): void {
    if (ws !== this.ws) return;
    this.connected = false;
    for (const resolve of this.pending.values()) resolve(null);
    this.pending.clear();
    if (this.stopped || this.options.reconnect === false) {
      this.firstSnapshot?.(this);
      this.firstSnapshot = null;
      return;
    }
    const base = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.attempts);
    this.attempts += 1;
    this.timer = setTimeout(() => this.dial(), base * (0.5 + Math.random()));
  }
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
