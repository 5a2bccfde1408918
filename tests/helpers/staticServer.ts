import { preview } from 'vite';
import { DIST, PROJECT_ROOT } from './build.ts';

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `dist/` (or another build's folder) as plain static files on 127.0.0.1, port 0: the deck as it runs with no live server. */
export async function serveDist(outDir = DIST): Promise<StaticServer> {
  const server = await preview({
    root: PROJECT_ROOT,
    configFile: false,
    logLevel: 'silent',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('the static server has no port');
  return { url: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}
