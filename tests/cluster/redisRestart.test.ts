/**
 * Redis crashes mid-talk (SIGKILL) with votes in flight and comes back on the same folder: the nodes
 * reconnect by themselves, broadcasts between them resume, and every acknowledged vote is still there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisStore } from '../../server/store/redis.ts';
import { type Lectern, type LecternNode, startLectern } from '../helpers/lectern.ts';
import type { TestRedis } from '../helpers/redis.ts';
import { FIXTURE_DECK } from '../server/fixtureDist.ts';
import { connectPhone, type Phone } from './phones.ts';

let redis: TestRedis;
let cluster: Lectern;
let nodes: LecternNode[];
const phones: Phone[] = [];

beforeAll(async () => {
  cluster = await startLectern({ in: 'child', store: 'redis', nodes: 2 });
  ({ nodes } = cluster);
  redis = cluster.redis!;
});
afterAll(async () => {
  for (const phone of phones) phone.close();
  await cluster?.close();
});

async function crowd(count: number): Promise<Phone[]> {
  const joined = await Promise.all(Array.from({ length: count }, (_, i) => connectPhone(nodes[i % nodes.length]!.url)));
  phones.push(...joined);
  return joined;
}

/** Retries `attempt` until it says yes; Redis is coming back, so a few refusals are expected. */
async function eventually(what: string, attempt: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await attempt().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('many nodes: Redis restarts mid-talk', () => {
  it('resumes broadcasts and keeps every acknowledged vote', async () => {
    const [a] = nodes as [LecternNode, LecternNode];
    const presenter = await connectPhone(a.url, { role: 'presenter' });
    phones.push(presenter);
    await presenter.call('slide:set', { h: 2, v: 0, f: -1 });
    await presenter.call('poll:open', { pollId: 'q1' });
    await presenter.call('poll:open', { pollId: 'q2' });

    const acked = new Map<string, { pollId: string; choice: number }>();
    const early = await crowd(20);
    // Each node hears of each poll opened through the other on its own: a phone waits to see both open.
    const bothOpen = ({ state }: Phone) => state.poll('q1')?.phase === 'open' && state.poll('q2')?.phase === 'open';
    await Promise.all(early.map((p) => p.until('polls open', bothOpen)));
    const refused: string[] = [];
    await Promise.all(
      early.map(async (p, i) => {
        const reply = await p.call('vote', { pollId: 'q1', choice: i % 3 });
        if (reply.ok) acked.set(`q1 ${p.clientId}`, { pollId: 'q1', choice: reply.choice });
        else refused.push(reply.error);
      }),
    );
    expect(refused).toEqual([]);
    expect(acked.size).toBe(20);

    // Forty more votes on q2, Redis killed as soon as ten of them are acknowledged.
    const late = await crowd(40);
    await Promise.all(late.map((p) => p.until('polls open', bothOpen)));
    let lateAcked = 0;
    let killing: Promise<void> | null = null;
    const replies = late.map((p, i) =>
      p.call('vote', { pollId: 'q2', choice: i % 4 }).then((reply) => {
        if (!reply.ok || killing) return reply;
        acked.set(`q2 ${p.clientId}`, { pollId: 'q2', choice: reply.choice });
        if (++lateAcked === 10) killing = redis.kill();
        return reply;
      }),
    );
    // Every vote is answered one way or the other (none hangs): acknowledged, or refused while Redis was away.
    const answers = await Promise.all(replies);
    for (const answer of answers) expect(answer.ok || answer.error === 'internal').toBe(true);
    await killing;

    await redis.restart();

    // The presenter's next move goes through once the nodes are reconnected, and reaches every phone on both nodes.
    await eventually(
      'slide:set accepted again',
      async () => (await presenter.call('slide:set', { h: 4, v: 0, f: -1 })).ok,
    );
    await Promise.all([...early, ...late].map((p) => p.until('slide 4', ({ state }) => state.slide?.h === 4, 15_000)));

    // Nothing acknowledged was lost.
    const store = await openRedisStore(redis.url);
    const stored = await store.load(FIXTURE_DECK);
    await store.close();
    const kept = new Map(stored.ballots.map((ballot) => [`${ballot.pollId} ${ballot.clientId}`, ballot]));
    for (const [key, { pollId, choice }] of acked) expect(kept.get(key), key).toMatchObject({ pollId, choice });
    expect(stored.polls).toMatchObject({ q1: { phase: 'open' }, q2: { phase: 'open' } });

    // Votes and counters work again, through both nodes.
    const again = await Promise.all(early.slice(0, 4).map((p) => p.call('vote', { pollId: 'q1', choice: 2 })));
    expect(again.every((reply) => reply.ok)).toBe(true);
    const q1 = stored.ballots.filter((ballot) => ballot.pollId === 'q1').length;
    await presenter.until(
      'q1 tally after the restart',
      ({ stats }) => stats?.tallies.q1?.voters === q1 && stats.tallies.q1.counts[2]! >= 4,
    );
  });
});
