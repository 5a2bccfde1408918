import { io, type Socket } from 'socket.io-client';
import { CONNECT_ERRORS, type ConnectError } from '../protocol.ts';
import type { JoinParams, LiveTransport, TransportSink } from './liveTransport.ts';

/**
 * The live wire over socket.io: the speaker view and the projected deck, and a phone whose venue
 * breaks plain WebSockets (socket.io can long-poll). Loaded with `import()`, so the phone page's first
 * bytes do not carry socket.io-client.
 *
 * WebSocket first, long-polling only if the WebSocket fails (`tryAllTransports`): on the laptop's own
 * LAN there is no proxy to break WebSockets, and starting on one saves the polling handshake and
 * upgrade probe. socket.io reconnects by itself, with the same backoff as the phone wire.
 */
export function socketIoTransport(join: JoinParams, sink: TransportSink): LiveTransport {
  const socket: Socket = io({
    auth: { ...join },
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    // Quick first retries for a blip; jitter so two hundred phones do not return in one burst.
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
    randomizationFactor: 0.5,
    timeout: 8000,
  });
  socket.onAny((event: string, payload: unknown) => sink.event(event, payload));
  socket.on('connect', () => sink.up());
  socket.on('disconnect', () => sink.down());
  socket.on('connect_error', (error) => {
    const reason = (CONNECT_ERRORS as readonly string[]).includes(error.message)
      ? (error.message as ConnectError)
      : null;
    // A refusal by the server's middleware stops socket.io's retries (`active` is false); a network error does not.
    if (reason && !socket.active) sink.refused(reason);
    else sink.down();
  });

  return {
    get connected() {
      return socket.connected;
    },
    emit(event, payload) {
      socket.emit(event, payload);
    },
    request(event, payload, timeoutMs) {
      return socket.timeout(timeoutMs).emitWithAck(event, payload);
    },
    reconnectNow() {
      // Closing first cancels the pending retry.
      socket.disconnect().connect();
    },
    close() {
      socket.disconnect();
    },
  };
}
