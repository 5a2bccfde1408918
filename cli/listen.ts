import type http from 'node:http';

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
