/**
 * Bench child: the second anchor for slide fan-out. Plain socket.io, as its documentation would have
 * it: every phone in one room, and the presenter's move sent to the room with `socket.to(room).emit`.
 * No store, no checks: what socket.io itself costs.
 */
import http from 'node:http';
import { Server } from 'socket.io';
import { answerRequests } from '../../helpers/ipcChild.ts';
import { processStats } from './child.ts';

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

await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
const address = server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.on('disconnect', () => process.exit(0));

answerRequests(async (message) => {
  switch (message.type) {
    case 'info':
      return { port, deck: 'plain' };
    case 'stats':
      return processStats();
    case 'gc':
      for (let i = 0; i < 3; i++) globalThis.gc?.();
      return processStats();
    default:
      return { error: `unknown request ${String(message.type)}` };
  }
});
