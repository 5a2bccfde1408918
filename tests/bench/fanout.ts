/**
 * Slide fan-out: the delay from the presenter's move to each phone, and the server's CPU per move,
 * for lectern (socket.io) and for a bare `ws` broadcast of the same bytes, in the same run.
 *
 * Both servers run side by side, each with its own audience held by the same client processes, and
 * the moves alternate between them: whatever else the machine is doing hits both alike.
 */

import { type LeanSocket, openPlainWebSocket, openWire } from '../helpers/wire.ts';
import { type BenchChild, nowMicros, startChild } from './harness/child.ts';
import { type BenchTable, ms, percentile, ratio, sortNumbers } from './table.ts';

export type ServerKind = 'lectern' | 'raw';
const KINDS: ServerKind[] = ['raw', 'lectern'];

export interface FanoutOptions {
  /** Audience sizes. @defaultValue [1000, 5000, 10000] */
  sizes?: number[];
  /** Measured moves per size and server, after warm-up moves. @defaultValue 30 */
  moves?: number;
  /** Client processes holding the audiences. @defaultValue 4 */
  workers?: number;
}

export interface FanoutResult {
  kind: ServerKind;
  sockets: number;
  /** Over every socket and move pooled. */
  p50: number;
  p99: number;
  /** The p99 of each move on its own, median over the moves: what a typical move looks like, load spikes aside. */
  p99PerMove: number;
  /** Server CPU µs per move, median over the moves. */
  cpuPerMove: number;
  missing: number;
  /** Server RSS after a forced GC, before the audience connected and with it connected. */
  rssBefore: number;
  rssAfter: number;
  connectSeconds: number;
}

const WARM_UP = 3;
const SETTLE_MS = 30;
const sleep = (millis: number) => new Promise((r) => setTimeout(r, millis));

interface ServerUnderTest {
  kind: ServerKind;
  child: BenchChild;
  origin: string;
  deck: string;
  token?: string;
  presenter?: LeanSocket;
}

async function startServer(kind: ServerKind): Promise<ServerUnderTest> {
  const child =
    kind === 'raw'
      ? startChild('harness/rawWsServer.ts', [], ['--expose-gc'])
      : startChild('harness/lecternServer.ts', ['sqlite'], ['--expose-gc']);
  const info = await child.request<{ port: number; token?: string; deck?: string }>({ type: 'info' });
  return { kind, child, origin: `http://127.0.0.1:${info.port}`, deck: info.deck ?? 'raw', token: info.token };
}

const cpuOf = async (s: ServerUnderTest) => (await s.child.request<{ cpuMicros: number }>({ type: 'stats' })).cpuMicros;
const rssOf = async (s: ServerUnderTest) => (await s.child.request<{ rss: number }>({ type: 'gc' })).rss;

export async function measureFanout(sockets: number, moves: number, workerCount: number): Promise<FanoutResult[]> {
  const servers: ServerUnderTest[] = [];
  const workers: BenchChild[] = [];
  try {
    for (const kind of KINDS) servers.push(await startServer(kind));
    const rssBefore = await Promise.all(servers.map(rssOf));
    for (let w = 0; w < workerCount; w++) workers.push(startChild('harness/fanoutClients.ts'));

    const complete = new Map<string, number>();
    let waiting: { key: string; resolve: () => void } | null = null;
    for (const w of workers) {
      w.onEvent((m) => {
        if (m.type !== 'complete') return;
        const key = `${String(m.kind)}:${String(m.seq)}`;
        complete.set(key, (complete.get(key) ?? 0) + 1);
        if (waiting?.key === key && complete.get(key) === workers.length) waiting.resolve();
      });
    }

    const share = Math.ceil(sockets / workerCount);
    const connectSeconds: number[] = [];
    for (const s of servers) {
      const started = nowMicros();
      await Promise.all(
        workers.map((w, k) =>
          w.request(
            {
              type: 'open',
              kind: s.kind,
              origin: s.origin,
              deck: s.deck,
              count: Math.min(share, sockets - share * k),
              prefix: `w${k}`,
            },
            600_000,
          ),
        ),
      );
      connectSeconds.push((nowMicros() - started) / 1e6);
      s.presenter =
        s.kind === 'raw'
          ? await openPlainWebSocket(`${s.origin}/?presenter`, () => {})
          : await openWire(s.origin, {
              mode: 'lean',
              auth: { deck: s.deck, role: 'presenter', clientId: 'bench-presenter', token: s.token },
              onPacket: () => {},
            });
    }

    /** Sends move `seq` on one server; resolves with the send time and that server's CPU for the move. */
    const move = async (s: ServerUnderTest, seq: number): Promise<{ sentAt: number; cpu: number }> => {
      const key = `${s.kind}:${seq}`;
      const heardByAll = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${key}: not heard by every phone`)), 60_000);
        waiting = {
          key,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
      });
      const cpuBefore = await cpuOf(s);
      // Round the fixture deck's five slides: every move a change to a slide that exists.
      const position = { h: seq % 5, v: 0, f: -1 };
      const sentAt = nowMicros();
      s.presenter!.send(
        s.kind === 'raw' ? JSON.stringify(position) : `2${seq}${JSON.stringify(['slide:set', position])}`,
      );
      await heardByAll;
      // The write callbacks and whatever else a move sets off land within this pause.
      await sleep(SETTLE_MS);
      return { sentAt, cpu: (await cpuOf(s)) - cpuBefore };
    };

    const sentAt = new Map<ServerKind, Record<number, number>>(KINDS.map((k) => [k, {}]));
    const cpu = new Map<ServerKind, number[]>(KINDS.map((k) => [k, []]));
    for (let seq = 1; seq <= WARM_UP + moves; seq++) {
      // Alternate which server goes first, so neither always follows the other's aftermath.
      const order = seq % 2 === 0 ? servers : [...servers].reverse();
      for (const s of order) {
        const result = await move(s, seq);
        if (seq > WARM_UP) {
          sentAt.get(s.kind)![seq] = result.sentAt;
          cpu.get(s.kind)!.push(result.cpu);
        }
      }
    }
    const rssAfter = await Promise.all(servers.map(rssOf));

    const results: FanoutResult[] = [];
    for (const [i, s] of servers.entries()) {
      const reports = await Promise.all(
        workers.map((w) =>
          w.request<{ bySeq: Record<string, number[]>; missing: number }>({
            type: 'delays',
            kind: s.kind,
            sentAt: sentAt.get(s.kind),
          }),
        ),
      );
      const seqs = Object.keys(sentAt.get(s.kind)!);
      const perMove = seqs.map((seq) => sortNumbers(reports.flatMap((r) => r.bySeq[seq] ?? [])));
      const delays = sortNumbers(perMove.flatMap((d) => [...d]));
      results.push({
        kind: s.kind,
        sockets,
        p50: percentile(delays, 50),
        p99: percentile(delays, 99),
        p99PerMove: percentile(sortNumbers(perMove.map((d) => percentile(d, 99))), 50),
        cpuPerMove: percentile(sortNumbers(cpu.get(s.kind)!), 50),
        missing: reports.reduce((n, r) => n + r.missing, 0),
        rssBefore: rssBefore[i]!,
        rssAfter: rssAfter[i]!,
        connectSeconds: connectSeconds[i]!,
      });
    }
    return results;
  } finally {
    for (const s of servers) s.presenter?.close();
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.all(servers.map((s) => s.child.stop()));
  }
}

export async function benchFanout(options: FanoutOptions = {}, collected: FanoutResult[] = []): Promise<BenchTable> {
  const sizes = options.sizes ?? [1000, 5000, 10000];
  const moves = options.moves ?? 30;
  const workerCount = options.workers ?? 4;
  const rows: string[][] = [];
  const verdicts: string[] = [];
  for (const sockets of sizes) {
    const results = await measureFanout(sockets, moves, workerCount);
    collected.push(...results);
    const raw = results.find((r) => r.kind === 'raw')!;
    const lectern = results.find((r) => r.kind === 'lectern')!;
    for (const r of [raw, lectern]) {
      rows.push([
        sockets.toLocaleString('en'),
        r.kind === 'raw' ? 'raw ws broadcast' : 'lectern (socket.io)',
        ms(r.p50),
        ms(r.p99),
        ms(r.p99PerMove),
        ms(r.cpuPerMove),
        r.kind === 'raw' ? '1.00×' : ratio(r.p99, raw.p99),
        r.kind === 'raw' ? '1.00×' : ratio(r.p99PerMove, raw.p99PerMove),
        r.kind === 'raw' ? '1.00×' : ratio(r.cpuPerMove, raw.cpuPerMove),
        String(r.missing),
      ]);
    }
    const p99Ratio = lectern.p99 / raw.p99;
    const perMoveRatio = lectern.p99PerMove / raw.p99PerMove;
    const cpuRatio = lectern.cpuPerMove / raw.cpuPerMove;
    const verdict = (met: boolean) => (met ? 'met' : 'missed');
    if (sockets === 5000) {
      verdicts.push(
        `5,000, target p99 ≤ 1.1× raw ws: pooled ${p99Ratio.toFixed(2)}× (${verdict(p99Ratio <= 1.1)}), per move ${perMoveRatio.toFixed(2)}× (${verdict(perMoveRatio <= 1.1)}).`,
      );
    }
    if (sockets === 10000) {
      verdicts.push(
        `10,000, target p99 and CPU ≤ 1.3× raw ws: p99 pooled ${p99Ratio.toFixed(2)}× (${verdict(p99Ratio <= 1.3)}), per move ${perMoveRatio.toFixed(2)}× (${verdict(perMoveRatio <= 1.3)}); CPU ${cpuRatio.toFixed(2)}× (${verdict(cpuRatio <= 1.3)}).`,
      );
    }
  }
  return {
    title: 'Slide fan-out: presenter move → every phone',
    columns: [
      'sockets',
      'server',
      'p50',
      'p99',
      'p99 per move (median)',
      'server CPU / move',
      'p99 vs raw',
      'p99 per move vs raw',
      'CPU vs raw',
      'missed',
    ],
    rows,
    notes: [
      ...verdicts,
      `${moves} measured moves per server and size after ${WARM_UP} warm-up moves, alternating between the two servers, which run side by side with an audience each.`,
      'Delay: receipt on each phone socket − send by the presenter socket, on the machine-wide monotonic clock. p50/p99 pool every socket and move, so one move caught by a load spike sets the p99; "p99 per move" is each move\'s own p99, median over the moves.',
      'Server CPU: user+system time of the server process from just before a move until 30 ms after the last phone heard it; median over the moves.',
      `Audience: ${workerCount} client processes on 127.0.0.1, websocket only, lean clients (bare \`ws\` speaking the engine.io/socket.io wire format: socket.io-client would make the clients the bottleneck at 10,000). lectern stores each move in SQLite (synchronous=NORMAL, the default) before it broadcasts.`,
    ],
  };
}
