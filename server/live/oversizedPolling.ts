/**
 * A long-polling request body over the size limit ends its session, as an oversized WebSocket
 * message does. engine.io answers such a POST with 413 but keeps the session open, so a client could
 * keep sending them; the WebSocket transport closes on the first (ws's `maxPayload`).
 */
import type http from 'node:http';
import type { LecternServer } from './liveDeck.ts';
import { engineSession } from './socketIoInternals.ts';

/** Watches socket.io's own POSTs (without reading them) and closes the session of any answered 413. */
export function closeSessionsOnOversizedPost(httpServer: http.Server, io: LecternServer, onClose: () => void): void {
  // Prepended: engine.io answers its own path from the one listener it installed, before any other.
  httpServer.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/socket.io/')) return;
    res.once('finish', () => {
      if (res.statusCode !== 413) return;
      const sid = new URL(req.url ?? '/', 'http://localhost').searchParams.get('sid');
      const session = sid ? engineSession(io, sid) : undefined;
      if (!session) return;
      onClose();
      session.close();
    });
  });
}
