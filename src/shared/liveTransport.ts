import type { ConnectError, Role } from '../protocol.ts';

/**
 * What a transport tells the connection about itself. Every server event goes through `event`; the
 * connection applies it to the talk state and hands it to the page's listeners.
 */
export interface TransportSink {
  event(name: string, payload: unknown): void;
  /** The transport is open (before its snapshot arrives). */
  up(): void;
  /** The transport lost the server and retries by itself. */
  down(): void;
  /** The server said no; the transport does not retry until `reconnectNow`. */
  refused(reason: ConnectError): void;
}

/** What one end of the live wire can do: the phone wire (`phoneWire.ts`) or socket.io (`socketIoTransport.ts`). */
export interface LiveTransport {
  readonly connected: boolean;
  /** Fire and forget: no ack asked for; dropped (or buffered) while the transport is down. */
  emit(event: string, payload: unknown): void;
  /** Sends with an ack id and resolves with the reply, or rejects after `timeoutMs`. */
  request(event: string, payload: unknown, timeoutMs: number): Promise<unknown>;
  /** Drops the current attempt or connection and opens a new one now, skipping the backoff. */
  reconnectNow(): void;
  close(): void;
}

/** The query a transport joins with: everything the server needs to place the page. */
export interface JoinParams {
  deck: string;
  role: Role;
  clientId: string;
  token?: string;
}
