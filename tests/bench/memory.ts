/**
 * Server memory per connected phone: RSS after a forced GC with the audience connected, minus RSS
 * before it connected, per 1,000 sockets, and the same for the JavaScript heap in use. The RSS is what
 * the target counts, but a process keeps pages it freed, so its growth depends on what the
 * start left behind; the heap counts only live objects, and is steady from run to run. Reuses the
 * fan-out runs when there are any.
 */
import {
  type FanoutResult,
  isRawWs,
  loadAverage,
  measureFanout,
  medianRange,
  ratiosPerRepetition,
  SERVER_LABELS,
} from './fanout.ts';
import type { BenchTable } from './table.ts';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const perThousand = (r: FanoutResult) => ((r.rssAfter - r.rssBefore) / r.sockets) * 1000;
const heapPerThousand = (r: FanoutResult) => ((r.heapAfter - r.heapBefore) / r.sockets) * 1000;

export async function benchMemory(fromFanout: FanoutResult[] = []): Promise<BenchTable> {
  const loadBefore = loadAverage();
  const results = fromFanout.length > 0 ? fromFanout : [];
  // On its own: three repetitions at 5,000 lean phones and at 5,000 phones on the wire, each with
  // fresh processes, one move each.
  for (let repetition = 1; fromFanout.length === 0 && repetition <= 3; repetition++) {
    results.push(...(await measureFanout(5000, 1, 4, 'lean', undefined, repetition)));
    results.push(...(await measureFanout(5000, 1, 4, 'wire', ['raw', 'socket.io', 'lectern'], repetition)));
  }
  const groups = new Map<string, FanoutResult[]>();
  for (const r of results) {
    const key = `${r.phones}\n${r.sockets}\n${r.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const rows: string[][] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const sameRun = results.filter((r) => r.phones === first.phones && r.sockets === first.sockets);
    rows.push([
      first.sockets.toLocaleString('en'),
      isRawWs(first.kind) ? 'bare ws' : first.phones,
      SERVER_LABELS[first.kind],
      medianRange(
        group.map((r) => r.rssBefore),
        mb,
      ),
      medianRange(
        group.map((r) => r.rssAfter),
        mb,
      ),
      medianRange(group.map(perThousand), mb),
      first.kind === 'raw'
        ? '–'
        : medianRange(ratiosPerRepetition(sameRun, first.kind, 'raw', perThousand), (v) => `${v.toFixed(2)}×`),
      medianRange(group.map(heapPerThousand), mb),
      first.kind === 'raw'
        ? '–'
        : medianRange(ratiosPerRepetition(sameRun, first.kind, 'raw', heapPerThousand), (v) => `${v.toFixed(2)}×`),
    ]);
  }
  return {
    title: 'Server memory per 1,000 sockets',
    columns: [
      'sockets',
      'phones',
      'server',
      'RSS idle',
      'RSS with audience',
      'RSS per 1,000 sockets',
      'vs raw ws',
      'heap per 1,000 sockets',
      'vs raw ws',
    ],
    rows,
    notes: [
      'RSS and JavaScript heap in use of the server process after three forced GCs (`--expose-gc`), from the fan-out runs: median of the repetitions (range in brackets), each ratio taken within one repetition.',
      'Phones "wire": lectern\'s phones on its plain WebSocket wire (`/live`, JSON frames); plain socket.io has no such wire and is held by lean sockets in those runs.',
      `Load average (1, 5, 15 min) ${loadBefore} when this table was made.`,
    ],
  };
}
