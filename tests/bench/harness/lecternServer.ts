/**
 * Bench child: the real lectern app in process (`startLectern`) on 127.0.0.1, on the fixture deck,
 * with the SQLite store (as `npm start` runs it) or the in-memory one (the baseline for votes).
 */
import fs from 'node:fs';
import { silentLogger } from '../../../server/log.ts';
import { startLectern } from '../../helpers/lectern.ts';
import { answerServerRequests } from './child.ts';

/** `memory`, `sqlite` (as `npm start` opens it), `sqlite-normal` or `sqlite-full`. */
const storeKind = process.argv[2] ?? 'sqlite';
/** How room broadcasts reach the sockets: `direct` (as `npm start` runs it) or `socket.io`. */
const fanout = process.argv[3] === 'socket.io' ? 'socket.io' : 'direct';
const lectern = await startLectern({
  store: storeKind === 'memory' ? 'memory' : 'sqlite',
  synchronous: storeKind === 'sqlite-full' ? 'full' : storeKind === 'sqlite-normal' ? 'normal' : undefined,
  backlog: 4096,
  log: silentLogger,
  quickCounters: false,
  fanout,
});
const { app, token, deck, dataFile } = lectern;
const { port } = lectern.nodes[0]!;

process.on('exit', () => fs.rmSync(lectern.dir, { recursive: true, force: true }));

answerServerRequests({
  info: () => ({ port, token, deck, dataFile, storeKind }),
  rejections: () => ({ totals: app.rejections.totals() }),
});
