/**
 * The phone wire's socket: a WebSocket held by a worker (wireWorker.ts), so that a frame's arrival costs
 * the page's main thread a message, not Chromium's network work, on a phone that spends every
 * millisecond of that thread it has. Where no worker can start (a browser without them, a policy that
 * forbids its script, a script that fails to load), a plain WebSocket on the page does the same job.
 */
import WireWorker from './wireWorker.ts?worker';

/** The part of a WebSocket the phone wire uses. */
export interface WireSocket {
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  send(text: string): void;
  close(): void;
}

/** What the worker says of its socket, besides the socket's text frames (plain strings). */
type WorkerReport = { opened: number } | { closed: number; code: number };

/** The page's one worker: started with the first socket, kept for the next ones (a reconnect starts no thread). */
let worker: Worker | null = null;
/** The worker could not start or run: every socket from then on is a plain WebSocket. */
let workerFailed = false;
/** The socket the worker holds now; reports about an earlier one are dropped. */
let current: WorkerSocket | null = null;
let nextId = 0;

class WorkerSocket implements WireSocket {
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  readonly id = nextId++;
  /** The worker said this socket opened: frames from then on are this socket's. */
  opened = false;

  constructor(
    private readonly host: Worker,
    url: string,
  ) {
    current = this;
    host.postMessage({ open: url, id: this.id });
  }

  send(text: string): void {
    if (current === this) this.host.postMessage({ send: text });
  }

  close(): void {
    if (current !== this) return;
    current = null;
    this.host.postMessage({ close: true });
  }
}

/** Ends the current worker socket as a network failure would, so the wire retries (on a plain WebSocket). */
const workerLost = () => {
  workerFailed = true;
  worker?.terminate();
  worker = null;
  const socket = current;
  current = null;
  socket?.onclose?.({ code: 1006 });
};

const onReport = ({ data }: MessageEvent<string | WorkerReport>) => {
  const socket = current;
  if (!socket) return;
  if (typeof data === 'string') {
    // Frames of an earlier socket, posted before the worker heard of this one, come before its `opened`.
    if (socket.opened) socket.onmessage?.({ data });
  } else if ('opened' in data) {
    if (data.opened !== socket.id) return;
    socket.opened = true;
    socket.onopen?.();
  } else if (data.closed === socket.id) {
    current = null;
    socket.onclose?.({ code: data.code });
  }
};

/** Opens a socket to `url`, in the worker if one runs or can start. */
export function openWireSocket(url: string): WireSocket {
  if (!workerFailed && !worker && typeof Worker === 'function') {
    try {
      worker = new WireWorker();
      worker.onmessage = onReport;
      worker.onerror = workerLost;
    } catch {
      workerFailed = true;
    }
  }
  if (worker) return new WorkerSocket(worker, url);
  // A WebSocket's handlers take its own event types, of which the wire reads only `data` and `code`.
  return new WebSocket(url) as unknown as WireSocket;
}
