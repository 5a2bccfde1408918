/**
 * Many nodes: slide fan-out and votes/s with two lectern nodes sharing one Redis, against one node
 * (on SQLite, as `npm start` runs, and on Redis, to tell the cost of Redis from the effect of a second
 * node), in the same run. The nodes are the real `server/main.ts` in child processes.
 *
 * All three setups are up at once and take turns, round after round, so a change in the machine's
 * load during the run (other processes, thermal limits) falls on each of them alike.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { closeRedis, connectRedis, type RedisClient } from '../../server/store/redis/connection.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/protocol.ts';
import { type Lectern, type LecternNode, startLectern, TEST_TOKEN } from '../helpers/lectern.ts';
import type { TestRedis } from '../helpers/redis.ts';
import { FIXTURE_DECK } from '../server/fixtureDist.ts';
import { type BenchChild, nowMicros, startChild } from './harness/child.ts';
import { type BenchTable, ms, percentile, ratio, sortNumbers } from './table.ts';

export interface ClusterBenchOptions {
  /** Phones following the slides in each setup, spread evenly over its nodes. @defaultValue 4000 */
  sockets?: number;
  /** Of those, phones voting at once; a fifth change their vote. @defaultValue 2000 */
  voters?: number;
  /** Rounds; in each, every setup makes `movesPerRound` slide moves and one vote round. @defaultValue 4 */
  rounds?: number;
  /** @defaultValue 10 */
  movesPerRound?: number;
}

interface Setup {
  label: string;
  nodes: number;
  redis: boolean;
}

const SETUPS: Setup[] = [
  { label: '1 node, SQLite', nodes: 1, redis: false },
  { label: '1 node + Redis', nodes: 1, redis: true },
  { label: '2 nodes + Redis', nodes: 2, redis: true },
];

type Presenter = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One setup, up and running: its nodes, its Redis, a presenter on the first node, the phones. */
interface Running {
  setup: Setup;
  lectern: Lectern;
  nodes: LecternNode[];
  redis: TestRedis | null;
  redisClient: RedisClient | null;
  presenter: Presenter;
  crowd: BenchChild[];
  /** seq → number of crowd workers all of whose phones heard it. */
  heard: Map<number, number>;
  waiting: { seq: number; resolve: () => void } | null;
  /** Send time of every measured move, by seq. */
  sentAt: Record<number, number>;
  moveCpu: { nodes: number; redis: number };
  rounds: VoteRound[];
}

interface VoteRound {
  votes: number;
  seconds: number;
  latencies: Float64Array;
  exact: boolean;
  nodeCpu: number;
  redisCpu: number;
}

const WARM_UP = 3;
const SETTLE_MS = 30;
const POLL = 'q1';
const CHOICES = 3;
const CLIENT_WORKERS = 2;
/** Where the phones live: worker `k` holds its share on node `k mod nodes`. */
const CROWD = path.resolve(import.meta.dirname, 'cluster/crowd.ts');
const sleep = (millis: number) => new Promise((r) => setTimeout(r, millis));

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** User + system CPU of a process so far, in µs (Linux `/proc`; 0 elsewhere). */
function cpuMicros(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1e6;
  } catch {
    return 0;
  }
}

/** Redis's own CPU so far, in µs: `INFO cpu` counts in µs, where `/proc` counts in 10 ms ticks. */
async function redisCpuMicros(client: RedisClient | null): Promise<number> {
  if (!client) return 0;
  const info = await client.info('cpu');
  const seconds = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6;
}

/** Runs `work` and measures the CPU the setup's nodes and Redis spent meanwhile. */
async function withCpu<T>(run: Running, work: () => Promise<T>) {
  const nodeCpu = () => run.nodes.reduce((sum, node) => sum + cpuMicros(node.pid), 0);
  const [nodesBefore, redisBefore] = [nodeCpu(), await redisCpuMicros(run.redisClient)];
  const value = await work();
  return { value, nodeCpu: nodeCpu() - nodesBefore, redisCpu: (await redisCpuMicros(run.redisClient)) - redisBefore };
}

async function connectPresenter(url: string): Promise<Presenter> {
  const presenter: Presenter = io(url, {
    auth: { deck: FIXTURE_DECK, role: 'presenter', clientId: 'bench-presenter', token: TEST_TOKEN },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise((resolve) => presenter.once('snapshot', resolve));
  return presenter;
}

async function start(setup: Setup, phones: number): Promise<Running> {
  const lectern = await startLectern({ in: 'child', store: setup.redis ? 'redis' : 'sqlite', nodes: setup.nodes });
  const { nodes, redis } = lectern;
  const run: Running = {
    setup,
    lectern,
    nodes,
    redis,
    redisClient: redis ? await connectRedis(redis.url) : null,
    presenter: await connectPresenter(nodes[0]!.url),
    crowd: Array.from({ length: CLIENT_WORKERS }, () => startChild(CROWD)),
    heard: new Map(),
    waiting: null,
    sentAt: {},
    moveCpu: { nodes: 0, redis: 0 },
    rounds: [],
  };
  for (const w of run.crowd) {
    w.onEvent((m) => {
      if (m.type !== 'heard') return;
      const seq = m.seq as number;
      run.heard.set(seq, (run.heard.get(seq) ?? 0) + 1);
      if (run.waiting?.seq === seq && run.heard.get(seq) === run.crowd.length) run.waiting.resolve();
    });
  }
  const share = Math.ceil(phones / CLIENT_WORKERS);
  await Promise.all(
    run.crowd.map((w, k) =>
      w.request(
        {
          type: 'open',
          origin: nodes[k % nodes.length]!.url,
          deck: FIXTURE_DECK,
          count: Math.min(share, phones - share * k),
          prefix: `phone${k}`,
        },
        300_000,
      ),
    ),
  );
  for (let i = 1; i <= WARM_UP; i++) await move(run, i % 2);
  return run;
}

async function stop(run: Running): Promise<void> {
  run.presenter.disconnect();
  await Promise.all(run.crowd.map((w) => w.stop()));
  if (run.redisClient) await closeRedis(run.redisClient);
  await run.lectern.close();
}

/** One slide move, resolved once every phone heard it. */
async function move(run: Running, h: number): Promise<{ seq: number; sentAt: number }> {
  const sentAt = nowMicros();
  const ack = await run.presenter.emitWithAck('slide:set', { h, v: 0, f: -1 });
  if (!ack.ok) throw new Error(`${run.setup.label}: slide:set refused: ${ack.error}`);
  const seq = ack.seq;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${run.setup.label}: move ${seq} not heard by every phone`)),
      30_000,
    );
    run.waiting = {
      seq,
      resolve: () => {
        clearTimeout(timer);
        resolve();
      },
    };
    if (run.heard.get(seq) === run.crowd.length) run.waiting.resolve();
  });
  await sleep(SETTLE_MS);
  return { seq, sentAt };
}

async function moves(run: Running, count: number): Promise<void> {
  const measured = await withCpu(run, async () => {
    for (let i = 0; i < count; i++) {
      const done = await move(run, i % 2 === 0 ? 2 : 3);
      run.sentAt[done.seq] = done.sentAt;
    }
  });
  run.moveCpu.nodes += measured.nodeCpu;
  run.moveCpu.redis += measured.redisCpu;
}

/** The presenter's results, once they equal `expected` (the counters are read from Redis every 250 ms). */
async function resultsMatch(presenter: Presenter, expected: number[]): Promise<boolean> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const reply = await presenter.emitWithAck('results:get', {});
    const counts = reply.ok ? reply.results.questions[0]!.choices.map((c) => c.count) : [];
    if (JSON.stringify(counts) === JSON.stringify(expected)) return true;
    await sleep(100);
  }
  return false;
}

async function voteRound(run: Running, voters: number, seed: number): Promise<void> {
  await run.presenter.emitWithAck('poll:reset', { pollId: POLL });
  await run.presenter.emitWithAck('poll:open', { pollId: POLL });
  // Every node must have heard that the poll is open before its phones vote.
  await sleep(100);
  const measured = await withCpu(run, () =>
    Promise.all(
      run.crowd.map((w, k) =>
        w.request<{ firstSend: number; lastAck: number; latencies: number[]; counts: number[]; refused: number }>(
          {
            type: 'vote',
            pollId: POLL,
            choices: CHOICES,
            voters: Math.ceil(voters / run.crowd.length),
            changeShare: 0.2,
            seed: seed * 31 + k,
          },
          300_000,
        ),
      ),
    ),
  );
  const replies = measured.value;
  const expected = new Array<number>(CHOICES).fill(0);
  for (const r of replies) r.counts.forEach((n, i) => (expected[i]! += n));
  const latencies = replies.flatMap((r) => r.latencies);
  run.rounds.push({
    votes: latencies.length - replies.reduce((n, r) => n + r.refused, 0),
    seconds: (Math.max(...replies.map((r) => r.lastAck)) - Math.min(...replies.map((r) => r.firstSend))) / 1e6,
    latencies: sortNumbers(latencies),
    exact: await resultsMatch(run.presenter, expected),
    nodeCpu: measured.nodeCpu,
    redisCpu: measured.redisCpu,
  });
}

interface SetupResult {
  setup: Setup;
  p50: number;
  p99: number;
  missing: number;
  nodeCpuPerMove: number;
  redisCpuPerMove: number;
  votesPerSecond: number;
  ackP99: number;
  exact: boolean;
  nodeCpuPerVote: number;
  redisCpuPerVote: number;
}

async function summarize(run: Running): Promise<SetupResult> {
  const reports = await Promise.all(
    run.crowd.map((w) => w.request<{ delays: number[]; missing: number }>({ type: 'delays', sentAt: run.sentAt })),
  );
  const delays = sortNumbers(reports.flatMap((r) => r.delays));
  const moveCount = Object.keys(run.sentAt).length;
  const rate = (r: VoteRound) => r.votes / r.seconds;
  const median = [...run.rounds].sort((x, y) => rate(x) - rate(y))[Math.floor(run.rounds.length / 2)]!;
  return {
    setup: run.setup,
    p50: percentile(delays, 50),
    p99: percentile(delays, 99),
    missing: reports.reduce((n, r) => n + r.missing, 0),
    nodeCpuPerMove: run.moveCpu.nodes / moveCount,
    redisCpuPerMove: run.moveCpu.redis / moveCount,
    votesPerSecond: rate(median),
    ackP99: percentile(median.latencies, 99),
    exact: run.rounds.every((r) => r.exact),
    nodeCpuPerVote: median.nodeCpu / median.votes,
    redisCpuPerVote: median.redisCpu / median.votes,
  };
}

const µs = (micros: number) => `${micros < 10 ? micros.toFixed(1) : Math.round(micros).toLocaleString('en')} µs`;
/** What one core does per second at `micros` per item, in thousands. */
const kiloRate = (micros: number) => `${Math.round(1000 / Math.max(micros, 1)).toLocaleString('en')}k`;

export async function benchCluster(options: ClusterBenchOptions = {}): Promise<BenchTable> {
  const settings: Required<ClusterBenchOptions> = {
    sockets: options.sockets ?? 4000,
    voters: options.voters ?? 2000,
    rounds: options.rounds ?? 4,
    movesPerRound: options.movesPerRound ?? 10,
  };
  const runs: Running[] = [];
  let results: SetupResult[];
  try {
    for (const setup of SETUPS) runs.push(await start(setup, settings.sockets));
    for (let round = 0; round < settings.rounds; round++) {
      // A different setup goes first each round.
      const order = runs.map((_, i) => runs[(i + round) % runs.length]!);
      for (const run of order) {
        await moves(run, settings.movesPerRound);
        await voteRound(run, settings.voters, round + 1);
      }
    }
    results = await Promise.all(runs.map(summarize));
  } finally {
    await Promise.all(runs.map(stop));
  }
  const [single, oneRedis, twoRedis] = results as [SetupResult, SetupResult, SetupResult];

  return {
    title: `Many nodes: slide fan-out to ${settings.sockets.toLocaleString('en')} phones and ${settings.voters.toLocaleString('en')} voters, 1 node against 2 nodes + Redis`,
    columns: [
      'setup',
      'slide p50',
      'slide p99',
      'p99 vs 1 node',
      'CPU / move: nodes + Redis',
      'votes/s',
      'votes/s vs 1 node',
      'ack p99',
      'CPU / vote: nodes + Redis',
      'tallies',
    ],
    rows: results.map((r) => [
      r.setup.label,
      ms(r.p50),
      ms(r.p99),
      ratio(r.p99, single.p99),
      `${µs(r.nodeCpuPerMove)} + ${µs(r.redisCpuPerMove)}`,
      Math.round(r.votesPerSecond).toLocaleString('en'),
      ratio(r.votesPerSecond, single.votesPerSecond),
      ms(r.ackP99),
      `${µs(r.nodeCpuPerVote)} + ${µs(r.redisCpuPerVote)}`,
      r.exact ? 'exact' : 'MISMATCH',
    ]),
    notes: [
      `2 nodes + Redis against 1 node + Redis: slide p99 ${ratio(twoRedis.p99, oneRedis.p99)}, votes/s ${ratio(twoRedis.votesPerSecond, oneRedis.votesPerSecond)}; ` +
        `against 1 node on SQLite: p99 ${ratio(twoRedis.p99, single.p99)}, votes/s ${ratio(twoRedis.votesPerSecond, single.votesPerSecond)}.` +
        `${results.some((r) => r.missing > 0) ? ` Phones that missed a move: ${results.map((r) => r.missing).join(', ')}.` : ' Every phone heard every move.'}`,
      `Everything runs on this one machine: the nodes, Redis (appendfsync always), ${CLIENT_WORKERS} client processes per setup and the presenters share its ${os.cpus().length} cores, ` +
        'so a second node adds a process, not CPU, and tail delays swing with whatever else the machine runs. The figures show what each part costs; what a second node gains needs a second machine.',
      `How it scales: a move costs the nodes about ${µs(twoRedis.nodeCpuPerMove / settings.sockets)} per phone, and Redis ${µs(twoRedis.redisCpuPerMove)} per move whatever the room's size (counting the nodes' counter reads meanwhile), ` +
        'and each node fans out to its own phones only, so on separate machines a move reaches everyone in about the time one node takes for its share. ' +
        `A vote costs a node about ${µs(twoRedis.nodeCpuPerVote)} and Redis ${µs(twoRedis.redisCpuPerVote)}: one node core takes about ${kiloRate(twoRedis.nodeCpuPerVote)} votes/s, ` +
        `Redis's single core about ${kiloRate(twoRedis.redisCpuPerVote)}, so votes/s grows with nodes up to about ${Math.max(1, Math.floor(twoRedis.nodeCpuPerVote / Math.max(1, twoRedis.redisCpuPerVote)))} node cores. ` +
        'Between nodes there is one message per move and none per vote; counters cost each node one Redis read per deck every 250 ms.',
      "The next bottleneck is Redis: every node's ballots run as Lua scripts on its one thread, and with appendfsync always each batch of writes waits for an fsync. " +
        'Past that: one Redis per group of decks (every key of a deck shares one hash tag, so Redis Cluster can shard by deck), or appendfsync everysec, which may lose the last second of acknowledged votes.',
      `${settings.rounds} rounds, the setups taking turns; per round and setup ${settings.movesPerRound} slide moves (after ${WARM_UP} warm-up moves at start) and one vote round. ` +
        'Slide delay = receipt on a phone socket − send by the presenter, one monotonic clock, over every move. ' +
        "Votes: the median round, votes/s = acked votes ÷ (last ack − first send); tallies: the presenter's results equal the voters' last acknowledged choices in every round. " +
        'CPU: user+system time of the node processes (/proc) and of redis-server (INFO cpu) during the moves or the vote round. Lean websocket clients, as in the fan-out bench.',
    ],
  };
}
