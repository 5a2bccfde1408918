/**
 * Server memory per connected phone: RSS after a forced GC with the audience connected, minus RSS
 * before it connected, per 1,000 sockets. Reuses the fan-out runs when there are any.
 */
import { type FanoutResult, measureFanout } from './fanout.ts';
import type { BenchTable } from './table.ts';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export async function benchMemory(fromFanout: FanoutResult[] = []): Promise<BenchTable> {
  const results = fromFanout.length > 0 ? fromFanout : await measureFanout(5000, 1, 4);
  return {
    title: 'Server memory per 1,000 sockets',
    columns: ['sockets', 'server', 'RSS idle', 'RSS with audience', 'per 1,000 sockets'],
    rows: results.map((r) => [
      r.sockets.toLocaleString('en'),
      r.kind === 'raw' ? 'raw ws broadcast' : 'lectern (socket.io)',
      mb(r.rssBefore),
      mb(r.rssAfter),
      mb(((r.rssAfter - r.rssBefore) / r.sockets) * 1000),
    ]),
    notes: [
      'RSS of the server process after three forced GCs (`--expose-gc`), lean websocket clients as in the fan-out bench.',
    ],
  };
}
