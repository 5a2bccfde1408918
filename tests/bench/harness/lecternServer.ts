/**
 * Bench child: the real lectern app (`createApp`) on 127.0.0.1, on the fixture deck, with the SQLite
 * store (as `npm start` runs it) or the in-memory one (the baseline for votes).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../../server/app.ts';
import { silentLogger } from '../../../server/log.ts';
import { createMemoryStore } from '../../../server/store/memory.ts';
import { openSqliteStore } from '../../../server/store/sqlite.ts';
import { FIXTURE_DECK, writeFixtureDist } from '../../server/fixtureDist.ts';
import { processStats, serveRequests } from './child.ts';

/** `memory`, `sqlite` (as `npm start` opens it), `sqlite-normal` or `sqlite-full`. */
const storeKind = process.argv[2] ?? 'sqlite';
/** How room broadcasts reach the sockets: `direct` (as `npm start` runs it) or `socket.io`. */
const fanout = process.argv[3] === 'socket.io' ? 'socket.io' : 'direct';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-'));
const distDir = writeFixtureDist(dir);
const dataFile = path.join(dir, 'talks.sqlite');
const store =
  storeKind === 'memory'
    ? createMemoryStore()
    : openSqliteStore(
        dataFile,
        storeKind === 'sqlite' ? {} : { synchronous: storeKind === 'sqlite-full' ? 'full' : 'normal' },
      );
const token = 'bench-token';
const app = await createApp({ store, presenterToken: token, distDir, log: silentLogger, fanout });
await new Promise<void>((resolve) => app.httpServer.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
const address = app.httpServer.address();
const port = typeof address === 'object' && address ? address.port : 0;

const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
process.on('exit', cleanup);
process.on('disconnect', () => process.exit(0));

serveRequests(async (message) => {
  switch (message.type) {
    case 'info':
      return { port, token, deck: FIXTURE_DECK, dataFile, storeKind };
    case 'stats':
      return processStats();
    case 'gc':
      for (let i = 0; i < 3; i++) globalThis.gc?.();
      return processStats();
    case 'rejections':
      return { totals: app.rejections.totals() };
    default:
      return { error: `unknown request ${String(message.type)}` };
  }
});
