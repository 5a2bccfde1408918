/**
 * Bench child: the real lectern app on the project's built `dist/` (real deck pages, so a browser can
 * be the projector), SQLite store in a temp folder, on 127.0.0.1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../../server/app.ts';
import { silentLogger } from '../../../server/log.ts';
import { openSqliteStore } from '../../../server/store/sqlite.ts';
import { processStats, serveRequests } from './child.ts';

const distDir = path.resolve(import.meta.dirname, '../../../dist');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-room-'));
const store = openSqliteStore(path.join(dir, 'talks.sqlite'));
const token = 'bench-room-token-0123456789';
const app = await createApp({ store, presenterToken: token, distDir, log: silentLogger });
await new Promise<void>((resolve) => app.httpServer.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
const address = app.httpServer.address();
const port = typeof address === 'object' && address ? address.port : 0;

process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
process.on('disconnect', () => process.exit(0));

serveRequests(async (message) => {
  switch (message.type) {
    case 'info':
      return { port, token };
    case 'stats':
      return processStats();
    case 'rejections':
      return { totals: app.rejections.totals() };
    default:
      return { error: `unknown request ${String(message.type)}` };
  }
});
