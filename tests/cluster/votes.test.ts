/**
 * Votes arriving on every node of a three-node cluster: each client id counted once, even when the
 * same id votes through two nodes at the same moment.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisStore } from '../../server/store/redis.ts';
import type { TalkResults } from '../../src/protocol.ts';
import { type Lectern, type LecternNode, newClientId, startLectern } from '../helpers/lectern.ts';
import type { TestRedis } from '../helpers/redis.ts';
import { FIXTURE_DECK } from '../server/fixtureDist.ts';
import { connectPhone, type Phone } from './phones.ts';

let redis: TestRedis;
let cluster: Lectern;
let nodes: LecternNode[];
const phones: Phone[] = [];

beforeAll(async () => {
  cluster = await startLectern({ in: 'child', store: 'redis', nodes: 3 });
  ({ nodes } = cluster);
  redis = cluster.redis!;
});
afterAll(async () => {
  for (const phone of phones) phone.close();
  await cluster?.close();
});

async function phone(node: LecternNode, clientId?: string): Promise<Phone> {
  const connected = await connectPhone(node.url, { clientId });
  phones.push(connected);
  return connected;
}

describe('many nodes: votes', () => {
  it('counts every client id once, whichever nodes its votes arrive on and however they race', async () => {
    const [a, b, c] = nodes as [LecternNode, LecternNode, LecternNode];
    const presenter = await connectPhone(a.url, { role: 'presenter' });
    phones.push(presenter);
    await presenter.call('poll:open', { pollId: 'q1' });

    // Thirty phones, ten per node, one vote each.
    const spread = await Promise.all(Array.from({ length: 30 }, (_, i) => phone(nodes[i % 3]!)));
    await Promise.all(spread.map((p) => p.until('q1 open', ({ state }) => state.poll('q1')?.phase === 'open')));
    const spreadAcks = await Promise.all(spread.map((p, i) => p.call('vote', { pollId: 'q1', choice: i % 3 })));
    expect(spreadAcks.every((ack) => ack.ok)).toBe(true);

    // Forty client ids, each open on B and on C, voting differently through both at once.
    const racers = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const clientId = newClientId();
        const pair = await Promise.all([phone(b, clientId), phone(c, clientId)]);
        await Promise.all(pair.map((p) => p.until('q1 open', ({ state }) => state.poll('q1')?.phase === 'open')));
        return pair;
      }),
    );
    const raceAcks = await Promise.all(
      racers.flatMap(([onB, onC]) => [
        onB!.call('vote', { pollId: 'q1', choice: 0 }),
        onC!.call('vote', { pollId: 'q1', choice: 2 }),
      ]),
    );
    expect(raceAcks.every((ack) => ack.ok)).toBe(true);

    // Redis holds one ballot per client id: 30 + 40.
    const store = await openRedisStore(redis.url);
    const stored = await store.load(FIXTURE_DECK);
    await store.close();
    const q1 = stored.ballots.filter((ballot) => ballot.pollId === 'q1');
    expect(q1).toHaveLength(70);
    expect(new Set(q1.map((ballot) => ballot.clientId)).size).toBe(70);
    const counts = [0, 0, 0];
    for (const { choice } of q1) counts[choice]! += 1;

    // The presenter's coalesced tally and the results agree with the stored ballots exactly.
    // Counters are coalesced: wait until the tally has caught up with every stored change, not just the voter count.
    await presenter.until(
      'the stored tally',
      ({ stats }) => JSON.stringify(stats?.tallies.q1) === JSON.stringify({ counts, voters: 70 }),
    );
    expect(presenter.stats!.tallies.q1).toEqual({ counts, voters: 70 });
    const results = await presenter.call('results:get', {});
    expect(results.ok && results.results.questions[0]!.choices.map((choice) => choice.count)).toEqual(counts);

    // `npm run results` reads the same ballots from Redis.
    const printed = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'server/results/main.ts',
        FIXTURE_DECK,
        '--json',
        '--dist',
        cluster.dist,
        '--redis',
        redis.url,
      ],
      { cwd: path.resolve(import.meta.dirname, '../..'), timeout: 30_000, encoding: 'utf8' },
    );
    expect((JSON.parse(printed) as TalkResults).questions[0]!.choices.map((choice) => choice.count)).toEqual(counts);

    // A racer reconnecting anywhere sees the one ballot that was kept.
    const kept = new Map(q1.map((ballot) => [ballot.clientId, ballot.choice]));
    for (const [onB] of racers.slice(0, 6)) {
      const again = await phone(a, onB!.clientId);
      expect(again.state.poll('q1')?.yourChoice).toBe(kept.get(onB!.clientId));
    }
  });
});
