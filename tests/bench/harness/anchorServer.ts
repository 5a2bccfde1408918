/**
 * What the fan-out bench's two anchor servers (bare `ws`, plain socket.io) share: they listen on
 * 127.0.0.1 with the same backlog as lectern's bench server, and answer the runner as every bench
 * server does (`info` with the port, `stats`, `gc`).
 */
import type http from 'node:http';
import { answerServerRequests } from './child.ts';

/** Listens on a free port and answers the runner until it lets go; `info` adds to the `info` reply. */
export async function serveAnchor(server: http.Server, info: Record<string, unknown> = {}): Promise<void> {
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  answerServerRequests({ info: () => ({ port, ...info }) });
}
