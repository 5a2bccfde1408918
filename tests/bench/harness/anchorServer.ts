/**
 * What the fan-out bench's two anchor servers (bare `ws`, plain socket.io) share: they listen on
 * 127.0.0.1 with the same backlog as lectern's bench server, and answer the runner alike: `info`
 * (the port), `stats`, and `gc` (three collections, then the stats) for the memory figures.
 */
import type http from 'node:http';
import { answerRequests } from '../../helpers/ipcChild.ts';
import { processStats } from './child.ts';

/** Listens on a free port and answers the runner until it lets go; `info` adds to the `info` reply. */
export async function serveAnchor(server: http.Server, info: Record<string, unknown> = {}): Promise<void> {
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.on('disconnect', () => process.exit(0));

  answerRequests(async (message) => {
    switch (message.type) {
      case 'info':
        return { port, ...info };
      case 'stats':
        return processStats();
      case 'gc':
        for (let i = 0; i < 3; i++) globalThis.gc?.();
        return processStats();
      default:
        return { error: `unknown request ${String(message.type)}` };
    }
  });
}
