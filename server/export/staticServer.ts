/**
 * A private, read-only file server for `dist/` on 127.0.0.1 and a port the OS picks. The export never
 * goes through the live talk's server: printing a deck cannot move a slide, cast a vote or slow the room.
 * The files are served by the same handler the live server uses, with the same rules.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStaticHandler } from '../http/static.ts';

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

export async function serveStatic(root: string): Promise<StaticServer> {
  const files = createStaticHandler(root);
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    files(req, res, pathname).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
