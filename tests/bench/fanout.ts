/**
 * Slide fan-out: the delay from the presenter's move to each phone, and the server's CPU per move,
 * for lectern and for two anchors in the same run: a bare `ws` broadcast of the same bytes, and plain
 * socket.io (`socket.to(room).emit`). lectern also runs with its direct writes turned off
 * (`fanout: 'socket.io'`), which is what the fast path in `server/live/fanout.ts` is judged against.
 *
 * The servers run side by side, each with its own audience held by the same client processes, and
 * the moves go round them in turn: whatever else the machine is doing hits them all alike. A
 * repetition starts every process afresh; the table gives the median of the repetitions and their
 * range, and every ratio is taken within one repetition before its median and range are.
 *
 * Connecting is timed until each phone has what it shows first: lectern's snapshot, in hand. Raw ws
 * sends nothing on connect, so with lectern in the run a third anchor joins, raw ws greeting each
 * phone with a frame of the snapshot's size, and lectern's connect is given against both.
 */
import os from 'node:os';
import { type LeanSocket, openPhoneWire, openPlainWebSocket, openWire } from '../helpers/wire.ts';
import { type BenchChild, nowMicros, startChild } from './harness/child.ts';
import type { PhoneKind } from './harness/fanoutClients.ts';
import { type BenchTable, ms, percentile, sortNumbers } from './table.ts';

export type ServerKind = 'raw' | 'raw-greeting' | 'socket.io' | 'lectern' | 'lectern-public';
export const SERVER_LABELS: Record<ServerKind, string> = {
  raw: 'raw ws broadcast',
  'raw-greeting': 'raw ws, greeting on connect',
  'socket.io': 'plain socket.io',
  lectern: 'lectern (direct writes)',
  'lectern-public': 'lectern (socket.io emit only)',
};
const ALL_SERVERS: ServerKind[] = ['raw', 'socket.io', 'lectern', 'lectern-public'];
/** The bare `ws` anchors: heard by bare `ws` sockets, moved by a plain JSON position. */
export const isRawWs = (kind: ServerKind): boolean => kind === 'raw' || kind === 'raw-greeting';

/**
 * The servers a run measures: with raw ws and lectern both in it, raw ws that greets each phone on
 * connect with as many bytes as lectern's snapshot too, so that connecting compares like for like.
 */
export function withGreetingAnchor(kinds: ServerKind[]): ServerKind[] {
  if (!kinds.includes('raw') || kinds.includes('raw-greeting') || !kinds.some((k) => k.startsWith('lectern')))
    return kinds;
  const at = kinds.indexOf('raw') + 1;
  return [...kinds.slice(0, at), 'raw-greeting', ...kinds.slice(at)];
}

export interface FanoutOptions {
  /** Audience sizes. @defaultValue [1000, 5000, 10000] */
  sizes?: number[];
  /** Measured moves per size, server and repetition, after warm-up moves. @defaultValue 60 */
  moves?: number;
  /** Repetitions, each with fresh processes. @defaultValue 3 */
  repetitions?: number;
  /** Client processes holding the audiences. @defaultValue 4 */
  workers?: number;
  /** The phones' client. @defaultValue ['lean', 'socket.io-client', 'wire'] */
  phones?: PhoneKind[];
  /** @defaultValue all four */
  servers?: ServerKind[];
}

export interface FanoutResult {
  kind: ServerKind;
  phones: PhoneKind;
  sockets: number;
  repetition: number;
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
  /** The JavaScript heap in use after the same GCs: what the sockets' objects take, without the RSS's slack. */
  heapBefore: number;
  heapAfter: number;
  connectSeconds: number;
  /** The server's CPU seconds over that connect. */
  connectCpuSeconds: number;
}

const WARM_UP = 3;
/** Phones each client process opens and closes on each server before the timed connect. */
const WARM_UP_PHONES = 100;
/** The audience connects in rounds of about 1,000 phones, at most 10. */
const connectRounds = (sockets: number) => Math.max(1, Math.min(10, Math.round(sockets / 1000)));
const SETTLE_MS = 30;
const sleep = (millis: number) => new Promise((r) => setTimeout(r, millis));
export const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

interface ServerUnderTest {
  kind: ServerKind;
  child: BenchChild;
  origin: string;
  deck: string;
  token?: string;
  presenter?: LeanSocket;
}

function startServerChild(kind: ServerKind, greetingBytes: number): BenchChild {
  if (kind === 'raw') return startChild('harness/rawWsServer.ts', [], ['--expose-gc']);
  if (kind === 'raw-greeting') return startChild('harness/rawWsServer.ts', [String(greetingBytes)], ['--expose-gc']);
  if (kind === 'socket.io') return startChild('harness/socketIoServer.ts', [], ['--expose-gc']);
  return startChild(
    'harness/lecternServer.ts',
    ['sqlite', kind === 'lectern' ? 'direct' : 'socket.io'],
    ['--expose-gc'],
  );
}

async function startServer(kind: ServerKind, greetingBytes = 0): Promise<ServerUnderTest> {
  const child = startServerChild(kind, greetingBytes);
  const info = await child.request<{ port: number; token?: string; deck?: string }>({ type: 'info' });
  return { kind, child, origin: `http://127.0.0.1:${info.port}`, deck: info.deck ?? 'raw', token: info.token };
}

const cpuOf = async (s: ServerUnderTest) => (await s.child.request<{ cpuMicros: number }>({ type: 'stats' })).cpuMicros;
const memoryOf = (s: ServerUnderTest) => s.child.request<{ rss: number; heapUsed: number }>({ type: 'gc' });

/** Bytes of the snapshot a phone joining lectern on the wire gets first (what the greeting anchor sends). */
async function snapshotBytes(s: ServerUnderTest): Promise<number> {
  const phone = await openPhoneWire(s.origin, { deck: s.deck, clientId: 'bench-snapshot-size' });
  const frame = phone.frames.find((f) => f[0] === 'snapshot');
  phone.close();
  await phone.closed;
  if (!frame) throw new Error('lectern sent no snapshot');
  return Buffer.byteLength(JSON.stringify(frame));
}

/** One repetition: fresh servers and clients, the audiences connected one server at a time, then the moves. */
export async function measureFanout(
  sockets: number,
  moves: number,
  workerCount: number,
  phones: PhoneKind = 'lean',
  kinds: ServerKind[] = ALL_SERVERS,
  repetition = 1,
): Promise<FanoutResult[]> {
  const servers: ServerUnderTest[] = [];
  const workers: BenchChild[] = [];
  try {
    for (const kind of kinds) if (kind !== 'raw-greeting') servers.push(await startServer(kind));
    if (kinds.includes('raw-greeting')) {
      const lectern = servers.find((s) => s.kind.startsWith('lectern'));
      const greeting = await startServer('raw-greeting', lectern ? await snapshotBytes(lectern) : 2700);
      servers.splice(kinds.indexOf('raw-greeting'), 0, greeting);
    }
    const before = await Promise.all(servers.map(memoryOf));
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
    /** Each client process's share of the audience, and of each connect round. */
    const shareOf = (k: number) => Math.min(share, sockets - share * k);
    const rounds = connectRounds(sockets);
    const openRequest = (s: ServerUnderTest, k: number, from: number, count: number, warm: boolean) => ({
      type: 'open',
      kind: s.kind,
      raw: isRawWs(s.kind),
      greeted: s.kind === 'raw-greeting',
      phones,
      origin: s.origin,
      deck: s.deck,
      from,
      count,
      total: shareOf(k),
      prefix: warm ? `warm${k}` : `w${k}`,
      warm,
    });
    // Warm-up: every client process opens and closes a few phones on every server, so that no server's
    // timed connect pays for the clients' code (or its own) being cold.
    for (const s of servers) {
      await Promise.all(workers.map((w, k) => w.request(openRequest(s, k, 0, WARM_UP_PHONES, true), 600_000)));
    }
    await sleep(500);
    const connectSeconds: number[] = servers.map(() => 0);
    const connectCpuSeconds: number[] = servers.map(() => 0);
    // The audiences join in rounds, the servers taking turns round by round in an order that rotates
    // with each round and repetition: whatever else the machine does meanwhile hits them all alike.
    for (let round = 0; round < rounds; round++) {
      for (let turn = 0; turn < servers.length; turn++) {
        const index = (turn + round + repetition - 1) % servers.length;
        const s = servers[index]!;
        const cpuBefore = await cpuOf(s);
        const started = nowMicros();
        await Promise.all(
          workers.map((w, k) => {
            const from = Math.floor((shareOf(k) * round) / rounds);
            const to = Math.floor((shareOf(k) * (round + 1)) / rounds);
            return w.request(openRequest(s, k, from, to - from, false), 600_000);
          }),
        );
        connectSeconds[index]! += (nowMicros() - started) / 1e6;
        connectCpuSeconds[index]! += ((await cpuOf(s)) - cpuBefore) / 1e6;
      }
    }
    for (const s of servers) {
      s.presenter = isRawWs(s.kind)
        ? await openPlainWebSocket(`${s.origin}/?presenter`, () => {})
        : await openWire(s.origin, {
            mode: 'lean',
            auth: { deck: s.deck, role: 'presenter', clientId: 'bench-presenter', token: s.token },
            onPacket: () => {},
          });
    }
    // Let the last arrivals' counters go out before the moves are timed.
    await sleep(1500);

    /** Sends move `seq` on one server; resolves with the send time and that server's CPU for the move. */
    const move = async (s: ServerUnderTest, seq: number): Promise<{ sentAt: number; cpu: number }> => {
      const key = `${s.kind}:${seq}`;
      const heardByAll = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          const heard = complete.get(key) ?? 0;
          reject(
            new Error(`${key}: not heard by every phone (${heard} of ${workers.length} client processes heard it all)`),
          );
        }, 60_000);
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
        isRawWs(s.kind) ? JSON.stringify(position) : `2${seq}${JSON.stringify(['slide:set', position])}`,
      );
      await heardByAll;
      // The write callbacks and whatever else a move sets off land within this pause.
      await sleep(SETTLE_MS);
      return { sentAt, cpu: (await cpuOf(s)) - cpuBefore };
    };

    const sentAt = new Map<ServerKind, Record<number, number>>(kinds.map((k) => [k, {}]));
    const cpu = new Map<ServerKind, number[]>(kinds.map((k) => [k, []]));
    for (let seq = 1; seq <= WARM_UP + moves; seq++) {
      // Rotate which server goes first, so none always follows another's aftermath.
      const order = servers.map((_, i) => servers[(i + seq) % servers.length]!);
      for (const s of order) {
        const result = await move(s, seq);
        if (seq > WARM_UP) {
          sentAt.get(s.kind)![seq] = result.sentAt;
          cpu.get(s.kind)!.push(result.cpu);
        }
      }
    }
    const after = await Promise.all(servers.map(memoryOf));

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
        phones,
        sockets,
        repetition,
        p50: percentile(delays, 50),
        p99: percentile(delays, 99),
        p99PerMove: percentile(sortNumbers(perMove.map((d) => percentile(d, 99))), 50),
        cpuPerMove: percentile(sortNumbers(cpu.get(s.kind)!), 50),
        missing: reports.reduce((n, r) => n + r.missing, 0),
        rssBefore: before[i]!.rss,
        rssAfter: after[i]!.rss,
        heapBefore: before[i]!.heapUsed,
        heapAfter: after[i]!.heapUsed,
        connectSeconds: connectSeconds[i]!,
        connectCpuSeconds: connectCpuSeconds[i]!,
      });
    }
    return results;
  } finally {
    for (const s of servers) s.presenter?.close();
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.all(servers.map((s) => s.child.stop()));
  }
}

/** Median of the values, and their range: `1.04× (0.98–1.10)`. */
export function medianRange(values: number[], format: (v: number) => string): string {
  const sorted = sortNumbers(values);
  const median = percentile(sorted, 50);
  if (sorted.length < 2) return format(median);
  return `${format(median)} (${format(sorted[0]!)}–${format(sorted[sorted.length - 1]!)})`;
}
const times = (v: number) => `${v.toFixed(2)}×`;
const seconds = (v: number) => `${v.toFixed(2)} s`;

/** Per repetition, `measure(server) / measure(anchor)`, for every repetition that has both. */
export function ratiosPerRepetition(
  results: FanoutResult[],
  kind: ServerKind,
  anchor: ServerKind,
  measure: (r: FanoutResult) => number,
): number[] {
  const ratios: number[] = [];
  for (const r of results.filter((x) => x.kind === kind)) {
    const a = results.find((x) => x.kind === anchor && x.repetition === r.repetition);
    if (a) ratios.push(measure(r) / measure(a));
  }
  return ratios;
}

export async function benchFanout(options: FanoutOptions = {}, collected: FanoutResult[] = []): Promise<BenchTable> {
  const sizes = options.sizes ?? [1000, 5000, 10000];
  const moves = options.moves ?? 60;
  const repetitions = options.repetitions ?? 3;
  const workerCount = options.workers ?? 4;
  const phoneKinds = options.phones ?? ['lean', 'socket.io-client', 'wire'];
  const kinds = withGreetingAnchor(options.servers ?? ALL_SERVERS);
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const phones of phoneKinds) {
    for (const sockets of sizes) {
      const loadBefore = loadAverage();
      const results: FanoutResult[] = [];
      for (let repetition = 1; repetition <= repetitions; repetition++) {
        results.push(...(await measureFanout(sockets, moves, workerCount, phones, kinds, repetition)));
      }
      collected.push(...results);
      for (const kind of kinds) {
        const mine = results.filter((r) => r.kind === kind);
        const vs = (anchor: ServerKind, measure: (r: FanoutResult) => number) =>
          kind === anchor || !kinds.includes(anchor) || (isRawWs(kind) && isRawWs(anchor))
            ? '–'
            : medianRange(ratiosPerRepetition(results, kind, anchor, measure), times);
        rows.push([
          sockets.toLocaleString('en'),
          isRawWs(kind) ? 'bare ws' : phones,
          SERVER_LABELS[kind],
          medianRange(
            mine.map((r) => r.p50),
            ms,
          ),
          medianRange(
            mine.map((r) => r.p99),
            ms,
          ),
          medianRange(
            mine.map((r) => r.cpuPerMove),
            ms,
          ),
          vs('raw', (r) => r.p99),
          vs('raw', (r) => r.cpuPerMove),
          vs('socket.io', (r) => r.p99),
          vs('socket.io', (r) => r.p99PerMove),
          vs('socket.io', (r) => r.cpuPerMove),
          kinds.includes('lectern-public') && kind === 'lectern'
            ? `p99 ${vs('lectern-public', (r) => r.p99)}, CPU ${vs('lectern-public', (r) => r.cpuPerMove)}`
            : '–',
          medianRange(
            mine.map((r) => r.connectSeconds),
            seconds,
          ),
          vs('raw', (r) => r.connectSeconds),
          vs('raw-greeting', (r) => r.connectSeconds),
          medianRange(
            mine.map((r) => r.connectCpuSeconds),
            seconds,
          ),
          vs('raw-greeting', (r) => r.connectCpuSeconds),
          String(mine.reduce((n, r) => n + r.missing, 0)),
        ]);
      }
      const median = (values: number[]) => percentile(sortNumbers(values), 50);
      const verdict = (value: number, limit: number) =>
        `${value.toFixed(2)}× (${value <= limit ? 'met' : 'missed'}, target ≤ ${limit}×)`;
      const targets: string[] = [];
      if (kinds.includes('lectern') && kinds.includes('raw'))
        targets.push(
          `CPU vs raw ws ${verdict(median(ratiosPerRepetition(results, 'lectern', 'raw', (r) => r.cpuPerMove)), 1.1)}`,
        );
      if (kinds.includes('lectern') && kinds.includes('socket.io'))
        targets.push(
          `p99 vs plain socket.io ${verdict(median(ratiosPerRepetition(results, 'lectern', 'socket.io', (r) => r.p99)), 1.1)}`,
          `a typical move's p99 vs plain socket.io ${verdict(median(ratiosPerRepetition(results, 'lectern', 'socket.io', (r) => r.p99PerMove)), 1.1)}`,
        );
      if (kinds.includes('lectern') && kinds.includes('raw') && sockets >= 10_000)
        targets.push(
          `connecting vs raw ws ${verdict(median(ratiosPerRepetition(results, 'lectern', 'raw', (r) => r.connectSeconds)), 1.5)}`,
        );
      if (kinds.includes('lectern') && kinds.includes('raw-greeting') && sockets >= 10_000)
        targets.push(
          `connecting vs raw ws with a greeting ${verdict(median(ratiosPerRepetition(results, 'lectern', 'raw-greeting', (r) => r.connectSeconds)), 1.5)}`,
        );
      notes.push(
        `${sockets.toLocaleString('en')} ${phones} phones: ${targets.length ? `lectern (medians of the repetitions' ratios): ${targets.join('; ')}. ` : ''}Load average (1, 5, 15 min) ${loadBefore} before, ${loadAverage()} after.`,
      );
    }
  }
  return {
    title: 'Slide fan-out: presenter move → every phone',
    columns: [
      'sockets',
      'phones',
      'server',
      'p50',
      'p99',
      'server CPU / move',
      'p99 vs raw ws',
      'CPU vs raw ws',
      'p99 vs socket.io',
      'typical move p99 vs socket.io',
      'CPU vs socket.io',
      'direct writes vs socket.io emit',
      'connect all',
      'connect vs raw ws',
      'connect vs raw ws + greeting',
      'server CPU to connect',
      'its CPU vs raw ws + greeting',
      'missed',
    ],
    rows,
    notes: [
      ...notes,
      `Each cell: median of ${repetitions} repetitions (fresh processes each) and, in brackets, their range. ${moves} measured moves per server, size and repetition after ${WARM_UP} warm-up moves, the servers taking turns move by move.`,
      'Delay: receipt on each phone socket − send by the presenter socket, on the machine-wide monotonic clock; p50/p99 pool every socket and move of a repetition.',
      "Typical move p99: each move's own p99, median over the moves. The pooled p99 takes 1% of 60 moves' deliveries, so one move that the machine stalled (another process, a GC) decides it; this one shows what most moves look like.",
      'Server CPU: user+system time of the server process from just before a move until 30 ms after the last phone heard it; median over the moves.',
      `Audience: ${workerCount} client processes on 127.0.0.1, websocket only. "lean": bare \`ws\` speaking the engine.io/socket.io wire (the server's cost alone); "socket.io-client": the phone page's own client library, whose work lands in the delay; "wire": bare \`ws\` on lectern's plain phone wire (\`/live\`, JSON frames; plain socket.io, having none, is heard by lean sockets then). The raw ws anchor is always heard by bare ws. lectern stores each move in SQLite (synchronous=NORMAL, the default) before it broadcasts.`,
      `"connect all": the time the server's whole audience took to connect, from the runner asking its client processes to connect phones until every process said they are all in (${workerCount} processes, 50 handshakes in flight each). The audiences join in rounds of about 1,000 phones (${sizes.map((n) => `${connectRounds(n)} at ${n.toLocaleString('en')}`).join(', ')}), the servers taking turns round by round in an order that rotates with each round and repetition, each server's rounds summed; before them each process opened and closed ${WARM_UP_PHONES} phones on every server to warm both sides up. A phone is in once it has what it needs to show something: on raw ws, the socket open (the server sends nothing); on "raw ws, greeting on connect", the socket open and a text frame the size of lectern's snapshot in hand (encoded once, sent with \`ws.send\` in the \`connection\` handler); on lectern's wire, the socket open and its snapshot in hand. "server CPU to connect": user+system time of the server process over the same rounds, summed; the client processes share the machine's cores with the server, which makes the wall time noisy, and this is the server's own cost.`,
    ],
  };
}
