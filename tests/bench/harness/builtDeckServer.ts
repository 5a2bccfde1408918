/**
 * Bench child: the real lectern app in process (`startLectern`) on the project's built `dist/` (real
 * deck pages, so a browser can be the projector), SQLite store in a temp folder, on 127.0.0.1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { silentLogger } from '../../../server/log.ts';
import { startLectern } from '../../helpers/lectern.ts';
import { answerServerRequests } from './child.ts';

const lectern = await startLectern({
  dist: path.resolve(import.meta.dirname, '../../../dist'),
  token: 'bench-room-token-0123456789',
  backlog: 4096,
  log: silentLogger,
  quickCounters: false,
});
const { app, token } = lectern;
const { port } = lectern.nodes[0]!;

process.on('exit', () => fs.rmSync(lectern.dir, { recursive: true, force: true }));

answerServerRequests({
  info: () => ({ port, token }),
  rejections: () => ({ totals: app.rejections.totals() }),
});
