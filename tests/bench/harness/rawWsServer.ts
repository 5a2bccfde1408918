/**
 * Bench child: the baseline for slide fan-out. A bare `ws` server that, when the presenter socket
 * sends a position, broadcasts the very bytes lectern sends for a slide change to every other socket,
 * encoded once per broadcast.
 *
 * With a size as its argument it also greets every other socket on connect with a text frame of that
 * many bytes, encoded once for all of them and sent as a `ws` server sends by default (`ws.send` in
 * the `connection` handler): the like-for-like anchor for a joining phone, which gets its snapshot
 * before it can show anything.
 */
import http from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { serveAnchor } from './anchorServer.ts';

const greetingBytes = Number(process.argv[2] ?? 0);
const FILLER = '["greeting",""]';
const greeting =
  greetingBytes > 0 ? Buffer.from(`["greeting","${'x'.repeat(Math.max(0, greetingBytes - FILLER.length))}"]`) : null;

const server = http.createServer();
const wss = new WebSocketServer({ server, perMessageDeflate: false, clientTracking: true });
let seq = 0;

wss.on('connection', (ws, req) => {
  if (!req.url?.includes('presenter')) {
    if (greeting) ws.send(greeting, { binary: false });
    return;
  }
  ws.on('message', (data) => {
    const { h, v, f } = JSON.parse(data.toString()) as { h: number; v: number; f: number };
    seq += 1;
    const message = Buffer.from(`42${JSON.stringify(['slide', { seq, h, v, f }])}`);
    for (const client of wss.clients) {
      if (client !== ws && client.readyState === WebSocket.OPEN) client.send(message, { binary: false });
    }
  });
});

await serveAnchor(server, { greetingBytes });
