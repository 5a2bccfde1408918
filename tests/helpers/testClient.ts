/**
 * A real socket.io client for a test, as the pages use it: it keeps every event it receives and waits
 * for any of them (already received or still to come), and every wait is bounded.
 */
import crypto from 'node:crypto';
import { type Socket as ClientSocket, io as ioClient } from 'socket.io-client';
import type { ClientEventName, ClientToServerEvents, ServerToClientEvents, Snapshot } from '../../src/protocol.ts';

export type TestSocket = ClientSocket<ServerToClientEvents, ClientToServerEvents>;
export type AckOf<E extends ClientEventName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
type ServerEvent = keyof ServerToClientEvents;
type ServerPayload<E extends ServerEvent> = Parameters<ServerToClientEvents[E]>[0];

export interface TestClient {
  socket: TestSocket;
  clientId: string;
  /** The snapshot received on connecting. */
  snapshot: Snapshot;
  /** Every server event received, in order. */
  received: { event: ServerEvent; payload: unknown }[];
  /** Emits and waits for the ack (fails after a few seconds rather than hanging). */
  call<E extends ClientEventName>(event: E, payload: Parameters<ClientToServerEvents[E]>[0]): Promise<AckOf<E>>;
  /** Resolves with the first matching event, already received or still to come. */
  waitFor<E extends ServerEvent>(event: E, match?: (payload: ServerPayload<E>) => boolean): Promise<ServerPayload<E>>;
  close(): void;
}

export interface SocketOptions {
  /** Extra handshake headers (e.g. `Origin`). */
  headers?: Record<string, string>;
  /** @defaultValue ['websocket']; the phone page opens a WebSocket, and long-polling only when that fails. */
  transports?: ('polling' | 'websocket')[];
}

export const WAIT_MS = 5000;

export function newClientId(): string {
  return crypto.randomBytes(12).toString('base64url');
}

/** A socket.io client that does not reconnect by itself, on the WebSocket transport unless told otherwise. */
export function openSocket(url: string, auth: Record<string, unknown>, options: SocketOptions = {}): TestSocket {
  return ioClient(url, {
    auth,
    transports: options.transports ?? ['websocket'],
    extraHeaders: options.headers,
    reconnection: false,
    forceNew: true,
    timeout: WAIT_MS,
  });
}

/** Connects and resolves once the snapshot arrived; rejects with the `connect_error`. */
export async function connectClient(socket: TestSocket, clientId: string): Promise<TestClient> {
  const received: TestClient['received'] = [];
  const waiters: { event: ServerEvent; match?: (p: never) => boolean; resolve: (p: never) => void }[] = [];
  socket.onAny((event: ServerEvent, payload: unknown) => {
    received.push({ event, payload });
    for (const w of [...waiters]) {
      if (w.event === event && (!w.match || w.match(payload as never))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(payload as never);
      }
    }
  });
  const snapshot = await new Promise<Snapshot>((resolve, reject) => {
    socket.once('snapshot', resolve);
    socket.once('connect_error', reject);
  });
  return {
    socket,
    clientId,
    snapshot,
    received,
    call: (event, payload) =>
      (socket.timeout(WAIT_MS) as unknown as { emitWithAck: (e: string, p: unknown) => Promise<never> }).emitWithAck(
        event,
        payload,
      ),
    waitFor: (event, match) =>
      new Promise((resolve, reject) => {
        const seen = received.find((r) => r.event === event && (!match || match(r.payload as never)));
        if (seen) return resolve(seen.payload as never);
        const timer = setTimeout(() => reject(new Error(`no ${event} event`)), WAIT_MS);
        waiters.push({
          event,
          match: match as (p: never) => boolean,
          resolve: (p: never) => {
            clearTimeout(timer);
            resolve(p);
          },
        });
      }),
    close: () => socket.disconnect(),
  };
}

/** Resolves with the `connect_error` message of a handshake that must be refused. */
export function refusal(socket: TestSocket): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected, expected a refusal')));
    socket.once('connect_error', (error) => {
      socket.disconnect();
      resolve(error.message);
    });
  });
}

/** Resolves once `predicate` holds, checking after each event loop turn; fails after a few seconds. */
export async function eventually(predicate: () => boolean, what = 'condition'): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
