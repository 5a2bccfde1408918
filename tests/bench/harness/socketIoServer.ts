/**
 * Bench child: the second anchor for slide fan-out. Plain socket.io, as its documentation would have
 * it: every phone in one room, and the presenter's move sent to the room with `socket.to(room).emit`.
 * No store, no checks: what socket.io itself costs.
 */
import http from 'node:http';
import { Server } from 'socket.io';
import { serveAnchor } from './anchorServer.ts';

const server = http.createServer();
const io = new Server(server, { serveClient: false, perMessageDeflate: false });
let seq = 0;

io.on('connection', (socket) => {
  const auth = socket.handshake.auth as { role?: string };
  if (auth.role !== 'presenter') {
    socket.join('audience');
    return;
  }
  socket.on('slide:set', (position: { h: number; v: number; f: number }, ack?: (reply: unknown) => void) => {
    seq += 1;
    socket.to('audience').emit('slide', { seq, h: position.h, v: position.v, f: position.f });
    ack?.({ ok: true });
  });
});

await serveAnchor(server, { deck: 'plain' });
