import type http from 'node:http';
import type { Logger } from '../server/log.ts';
import { publicOrigin } from './lanAddress.ts';

/** How many ports above the asked one `listen` tries before giving up. */
const PORT_TRIES = 20;

/**
 * Listens on `port`, or on the next free one when it is taken (another talk, a forgotten server):
 * resolves with the port bound. Port 0 means any free port.
 */
export async function listenOnFreePort(server: http.Server, port: number, host: string | undefined): Promise<number> {
  for (let candidate = port; ; candidate++) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(candidate, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address();
      return typeof address === 'object' && address ? address.port : candidate;
    } catch (error) {
      const taken = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (!taken || port === 0 || candidate >= Math.min(port + PORT_TRIES, 65535)) throw error;
    }
  }
}

/**
 * Listens as `start` and `dev` do, prints the parseable first line (`lectern listening port=N`, for
 * scripts and tests) and says when the port moved or no LAN address was found; resolves with the port
 * and the origin phones reach the talk at.
 */
export async function listenForTheRoom(
  server: http.Server,
  settings: { port: number; host: string | undefined; publicOrigin: string | undefined },
  log: Logger,
): Promise<{ port: number; origin: string }> {
  const port = await listenOnFreePort(server, settings.port, settings.host);
  const reach = settings.publicOrigin
    ? { origin: settings.publicOrigin, reachable: true }
    : publicOrigin(settings.host, port);
  console.log(`lectern listening port=${port}`);
  if (settings.port !== 0 && port !== settings.port) log.warn(`port ${settings.port} is taken: serving on ${port}`);
  if (!reach.reachable) log.warn('no LAN address found: phones cannot reach this server; join the wifi or set HOST');
  return { port, origin: reach.origin };
}
