/**
 * The real app on the real built decks (`dist/`), on 127.0.0.1 and a free port, with a known presenter
 * token and every log line kept: for the browser checks (CSP, rendered text, where the token goes).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../../server/app.ts';
import type { Logger } from '../../../server/log.ts';
import { openSqliteStore } from '../../../server/store/sqlite.ts';
import type { TalkStore } from '../../../server/store/types.ts';
import { DIST } from '../../helpers/build.ts';

export interface RoomServer {
  base: string;
  token: string;
  app: App;
  /** Every line the server logged, in order. */
  logLines: string[];
  close(): Promise<void>;
}

export interface RoomServerOptions {
  /** @defaultValue a fixed test token */
  token?: string;
  /** @defaultValue the project's `dist/` */
  distDir?: string;
}

export async function startRoomServer(options: RoomServerOptions = {}): Promise<RoomServer> {
  const token = options.token ?? 'room-token-5b1e0d7c9a';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-hardening-room-'));
  const store: TalkStore = openSqliteStore(path.join(dir, 'talks.sqlite'));
  const logLines: string[] = [];
  const log: Logger = { info: (line) => logLines.push(line), warn: (line) => logLines.push(line) };
  const app = await createApp({ store, presenterToken: token, distDir: options.distDir ?? DIST, log });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const address = app.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    base: `http://127.0.0.1:${address.port}`,
    token,
    app,
    logLines,
    async close() {
      await app.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
