/**
 * Votes: 2,000 phones vote at once and a fifth change their vote. lectern with its SQLite store
 * (every ack after the commit) against the same server keeping votes in memory: the cost of durability.
 */
import Database from 'better-sqlite3';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, TalkResults } from '../../src/protocol.ts';
import { type BenchChild, startChild } from './harness/child.ts';
import { type BenchTable, ms, percentile, sortNumbers } from './table.ts';

export interface VotesOptions {
  /** @defaultValue 2000 */
  voters?: number;
  /** Share of voters that change their vote. @defaultValue 0.2 */
  changeShare?: number;
  /** Rounds per store, alternating between the stores; the table shows the median round. @defaultValue 5 */
  rounds?: number;
  /** Stores to compare; the first is the baseline. @defaultValue ['memory', 'sqlite-normal', 'sqlite-full'] */
  stores?: StoreKind[];
  /** @defaultValue 4 */
  workers?: number;
}

type StoreKind = 'memory' | 'sqlite-normal' | 'sqlite-full';
const LABELS: Record<StoreKind, string> = {
  memory: 'lectern, in-memory store (baseline)',
  'sqlite-normal': 'lectern, SQLite synchronous=NORMAL (default)',
  'sqlite-full': 'lectern, SQLite synchronous=FULL (--sync full)',
};
const POLL = 'q1';
const CHOICES = 3;

interface Round {
  votes: number;
  seconds: number;
  latencies: Float64Array;
  exact: boolean;
  durable: boolean | null;
  messages: number;
  refused: number;
}

interface Server {
  kind: StoreKind;
  child: BenchChild;
  presenter: Socket<ServerToClientEvents, ClientToServerEvents>;
  presenterMessages: () => number;
  workers: BenchChild[];
  dataFile: string;
}

async function startServer(kind: StoreKind, voters: number, workerCount: number): Promise<Server> {
  const child = startChild('harness/lecternServer.ts', [kind]);
  const info = await child.request<{ port: number; token: string; deck: string; dataFile: string }>({ type: 'info' });
  const origin = `http://127.0.0.1:${info.port}`;
  let presenterMessages = 0;
  const presenter: Server['presenter'] = io(origin, {
    auth: { deck: info.deck, role: 'presenter', clientId: `bench-presenter-${kind}`, token: info.token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  presenter.onAny(() => (presenterMessages += 1));
  await new Promise((resolve) => presenter.once('snapshot', resolve));
  const workers = Array.from({ length: workerCount }, () => startChild('harness/voteClients.ts'));
  const share = Math.ceil(voters / workerCount);
  await Promise.all(
    workers.map((w, k) =>
      w.request(
        { type: 'open', origin, deck: info.deck, count: Math.min(share, voters - share * k), prefix: `${kind}${k}` },
        300_000,
      ),
    ),
  );
  return { kind, child, presenter, presenterMessages: () => presenterMessages, workers, dataFile: info.dataFile };
}

/** What the SQLite file holds for the poll, read by a second connection. */
function countsOnDisk(file: string): number[] {
  const db = new Database(file, { readonly: true });
  try {
    const counts = new Array<number>(CHOICES).fill(0);
    const rows = db
      .prepare('SELECT choice, count(*) AS n FROM ballots WHERE poll_id = ? GROUP BY choice')
      .all(POLL) as { choice: number; n: number }[];
    for (const { choice, n } of rows) counts[choice] = n;
    return counts;
  } finally {
    db.close();
  }
}

async function runRound(server: Server, seed: number, changeShare: number): Promise<Round> {
  const p = server.presenter;
  await p.emitWithAck('poll:reset', { pollId: POLL });
  await p.emitWithAck('poll:open', { pollId: POLL });
  // Let the poll's open message reach the phones first: it is not part of the round.
  await new Promise((r) => setTimeout(r, 300));
  const presenterBefore = server.presenterMessages();
  const replies = await Promise.all(
    server.workers.map((w, k) =>
      w.request<{ firstSend: number; lastAck: number; latencies: number[]; counts: number[]; refused: number }>(
        { type: 'vote', pollId: POLL, choices: CHOICES, changeShare, seed: seed * 31 + k },
        300_000,
      ),
    ),
  );
  const seconds = (Math.max(...replies.map((r) => r.lastAck)) - Math.min(...replies.map((r) => r.firstSend))) / 1e6;
  const expected = new Array<number>(CHOICES).fill(0);
  for (const r of replies) r.counts.forEach((n, i) => (expected[i]! += n));
  const results = await p.emitWithAck('results:get', {});
  const onServer = results.ok ? (results.results as TalkResults).questions[0]!.choices.map((c) => c.count) : [];
  // Let the last coalesced counters go out before counting messages.
  await new Promise((r) => setTimeout(r, 1200));
  const messages = (
    await Promise.all(server.workers.map((w) => w.request<{ messages: number }>({ type: 'messages' })))
  ).reduce((n, r) => n + r.messages, 0);
  const latencies = replies.flatMap((r) => r.latencies);
  return {
    votes: latencies.length,
    seconds,
    latencies: sortNumbers(latencies),
    exact: JSON.stringify(onServer) === JSON.stringify(expected),
    durable:
      server.kind !== 'memory' ? JSON.stringify(countsOnDisk(server.dataFile)) === JSON.stringify(expected) : null,
    messages: messages + (server.presenterMessages() - presenterBefore),
    refused: replies.reduce((n, r) => n + r.refused, 0),
  };
}

async function stopServer(server: Server): Promise<void> {
  server.presenter.disconnect();
  await Promise.all(server.workers.map((w) => w.stop()));
  await server.child.stop();
}

export async function benchVotes(options: VotesOptions = {}): Promise<BenchTable> {
  const voters = options.voters ?? 2000;
  const changeShare = options.changeShare ?? 0.2;
  const roundCount = options.rounds ?? 5;
  const workerCount = options.workers ?? 4;
  const kinds = options.stores ?? (['memory', 'sqlite-normal', 'sqlite-full'] as StoreKind[]);
  const servers: Server[] = [];
  try {
    for (const kind of kinds) servers.push(await startServer(kind, voters, workerCount));
    const rounds = new Map<StoreKind, Round[]>(kinds.map((k) => [k, []]));
    for (let round = 0; round < roundCount; round++) {
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      for (const s of order) rounds.get(s.kind)!.push(await runRound(s, round + 1, changeShare));
    }

    const rate = (r: Round) => r.votes / r.seconds;
    const median = (kind: StoreKind) => {
      const list = [...rounds.get(kind)!].sort((a, b) => rate(a) - rate(b));
      return list[Math.floor(list.length / 2)]!;
    };
    const baseline = median(kinds[0]!);
    const rows = kinds.map((kind) => {
      const r = median(kind);
      const all = rounds.get(kind)!;
      return [
        LABELS[kind],
        r.votes.toLocaleString('en'),
        Math.round(rate(r)).toLocaleString('en'),
        kind === kinds[0] ? '1.00×' : `${(rate(r) / rate(baseline)).toFixed(2)}×`,
        ms(percentile(r.latencies, 50)),
        ms(percentile(r.latencies, 99)),
        all.every((x) => x.exact) ? 'exact, every round' : 'MISMATCH',
        kind === 'memory' ? 'no (memory)' : all.every((x) => x.durable) ? 'yes: on disk = tallies' : 'MISMATCH',
        r.messages.toLocaleString('en'),
        String(all.reduce((n, x) => n + x.refused, 0)),
      ];
    });
    const verdicts = kinds
      .filter((k) => k !== 'memory')
      .map((k) => {
        const ratio = rate(median(k)) / rate(baseline);
        return `${LABELS[k]}: ${ratio.toFixed(2)}× the in-memory rate (target ≥ 0.9×): ${ratio >= 0.9 ? 'met' : 'missed'}.`;
      });
    const naive = (voters * (1 + changeShare) * (voters + 1)).toLocaleString('en');
    return {
      title: `Votes: ${voters.toLocaleString('en')} phones at once, ${Math.round(changeShare * 100)}% change their vote`,
      columns: [
        'server',
        'votes',
        'votes/s',
        'vs memory',
        'ack p50',
        'ack p99',
        'final tallies',
        'acks durable',
        'messages to clients',
        'refused',
      ],
      rows,
      notes: [
        ...verdicts,
        `Median of ${roundCount} rounds per store, the stores taking turns; votes/s = votes ÷ (last ack − first send). Voters: lean websocket clients (as in the fan-out bench) in ${workerCount} processes; the presenter has the poll open and tallies hidden from the phones.`,
        `Messages to clients: acks plus every event the voters and the presenter received during the round. Re-broadcasting tallies after every vote would be about ${naive}.`,
        'Final tallies: the presenter’s results equal the count of each voter’s last acknowledged choice. Acks durable: a second SQLite connection reads the same counts right after the last ack.',
      ],
    };
  } finally {
    await Promise.all(servers.map(stopServer));
  }
}
