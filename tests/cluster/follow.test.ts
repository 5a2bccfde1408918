/**
 * Three lectern processes on one Redis: the presenter on one node drives phones on the other two.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openRedisStore } from '../../server/store/redis.ts';
import type { Snapshot } from '../../src/protocol.ts';
import { type Lectern, type LecternNode, newClientId, startLectern } from '../helpers/lectern.ts';
import type { TestRedis } from '../helpers/redis.ts';
import { openPhoneWire } from '../helpers/wire.ts';
import { FIXTURE_DECK } from '../server/fixtureDist.ts';
import { connectPhone, type Phone } from './phones.ts';

let redis: TestRedis;
let cluster: Lectern;
let a: LecternNode, b: LecternNode, c: LecternNode;
const phones: Phone[] = [];

beforeAll(async () => {
  cluster = await startLectern({ in: 'child', store: 'redis', nodes: 3 });
  [a, b, c] = cluster.nodes as [LecternNode, LecternNode, LecternNode];
  redis = cluster.redis!;
});
afterAll(async () => {
  await cluster?.close();
});
afterEach(() => {
  for (const phone of phones.splice(0)) phone.close();
});

async function phone(node: LecternNode, options?: Parameters<typeof connectPhone>[1]): Promise<Phone> {
  const connected = await connectPhone(node.url, options);
  phones.push(connected);
  return connected;
}

describe('many nodes: following the presenter', () => {
  it('moves phones on other nodes with the presenter, and tells them of poll changes', async () => {
    const presenter = await phone(a, { role: 'presenter' });
    const onB = await phone(b);
    const onC = await phone(c);

    expect(await presenter.call('slide:set', { h: 1, v: 0, f: 1 })).toMatchObject({ ok: true });
    for (const p of [onB, onC])
      await p.until('slide 1.0.1', ({ state }) => state.slide?.h === 1 && state.slide.f === 1);

    const opened = await presenter.call('poll:open', { pollId: 'q1' });
    expect(opened).toMatchObject({ ok: true, poll: { phase: 'open' } });
    for (const p of [onB, onC]) await p.until('q1 open', ({ state }) => state.poll('q1')?.phase === 'open');
    // A vote on C right after the relay reached it is accepted: C learned the poll opened.
    expect(await onC.call('vote', { pollId: 'q1', choice: 1 })).toEqual({ ok: true, pollId: 'q1', choice: 1 });

    await presenter.call('poll:reveal', { pollId: 'q1' });
    for (const p of [onB, onC]) await p.until('q1 revealed', ({ state }) => state.poll('q1')?.answer === 1);
    expect(onC.state.poll('q1')).toMatchObject({ phase: 'revealed', yourChoice: 1, correct: true });
    // Every phone saw each change once, in order, whichever node it is on.
    expect(onB.state.seq).toBe(presenter.state.seq);
  });

  it('gives a phone joining any node the current talk, including its ballot cast through another node', async () => {
    const presenter = await phone(b, { role: 'presenter' });
    await presenter.call('slide:set', { h: 3, v: 0, f: -1 });
    await presenter.call('poll:open', { pollId: 'q2' });
    const first = await phone(c);
    await first.until('q2 open', ({ state }) => state.poll('q2')?.phase === 'open');
    await first.call('vote', { pollId: 'q2', choice: 3 });
    await first.call('rate', { score: 4 });
    first.close();

    for (const node of [a, b, c]) {
      const again = await phone(node, { clientId: first.clientId });
      expect(again.state.slide).toEqual({ h: 3, v: 0, f: -1 });
      expect(again.state.poll('q2')).toMatchObject({ phase: 'open', yourChoice: 3 });
      expect(again.state.rating?.yourScore).toBe(4);
      again.close();
    }
  });

  it('counts the audience across nodes and sends the presenter tallies of votes from every node', async () => {
    const presenter = await phone(a, { role: 'presenter' });
    await presenter.call('poll:reset', { pollId: 'q1' });
    await presenter.call('poll:open', { pollId: 'q1' });
    // Earlier tests closed their phones: these six are the whole audience.
    const crowd = await Promise.all([a, b, c, b, c, c].map((node) => phone(node)));
    await presenter.until('six phones', ({ state }) => state.audience === 6);

    await Promise.all(crowd.map((p) => p.until('q1 open', ({ state }) => state.poll('q1')?.phase === 'open')));
    const acks = await Promise.all(crowd.map((p, i) => p.call('vote', { pollId: 'q1', choice: i % 3 })));
    expect(acks.every((ack) => ack.ok)).toBe(true);
    await presenter.until('six voters in the tally', ({ stats }) => stats?.tallies.q1?.voters === 6);
    expect(presenter.stats!.tallies.q1).toEqual({ counts: [2, 2, 2], voters: 6 });
    const results = await presenter.call('results:get', {});
    expect(results.ok && results.results.questions[0]).toMatchObject({ voters: 6, right: 2 });

    for (const p of crowd.slice(0, 3)) p.close();
    await presenter.until('three phones left', ({ state }) => state.audience === 3);
  });

  it('gives a phone joining one node the tallies and rating counted through another', async () => {
    const presenter = await phone(a, { role: 'presenter' });
    await presenter.call('poll:reset', { pollId: 'q2' });
    await presenter.call('poll:open', { pollId: 'q2' });
    await presenter.call('poll:show-results', { pollId: 'q2', show: true });
    // Joined before the votes: the snapshot phones joining C share until C reads what changed.
    const early = await phone(c);
    expect(early.state.poll('q2')?.tally?.voters).toBe(0);
    const ratings = early.state.rating?.summary.count ?? 0;
    const voter = await phone(a);
    await voter.call('vote', { pollId: 'q2', choice: 2 });
    await voter.call('rate', { score: 5 });
    // C reads the shared counters a few times a second: a phone joining it sees them within a few reads.
    const counted = (p: Phone) =>
      p.state.poll('q2')?.tally?.voters === 1 && p.state.rating?.summary.count === ratings + 1;
    let seen = await phone(c);
    for (let tries = 0; tries < 40 && !counted(seen); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen.close();
      seen = await phone(c);
    }
    expect(seen.state.poll('q2')?.tally).toEqual({ counts: [0, 0, 1, 0], voters: 1 });
    expect(seen.state.rating?.summary.count).toBe(ratings + 1);
  });

  it('catches up a change whose relay never came (its node died between storing and relaying it)', async () => {
    const onA = await phone(a);
    const onC = await phone(c);
    const onWire = await openPhoneWire(c.url, { deck: FIXTURE_DECK, clientId: newClientId() });
    // Stored straight into Redis, as a node would just before it crashed: no node relays it.
    const store = await openRedisStore(redis.url);
    try {
      const { seq } = await store.setSlide(FIXTURE_DECK, { h: 4, v: 0, f: -1 });
      for (const p of [onA, onC])
        await p.until(`seq ${seq} from a fresh snapshot`, ({ state }) => state.seq === seq && state.slide?.h === 4);
      // A phone on the plain wire is caught up the same way.
      await onWire.next<Snapshot>('snapshot', (s) => s.seq === seq && s.slide.h === 4);
      // A phone joining after the catch-up gets it too, not the snapshot phones were given before it.
      expect((await phone(c)).state.slide?.h).toBe(4);
    } finally {
      onWire.close();
      await store.close();
    }
  });

  it('moves the phones of every node to a new run started through one node, and keeps the old run in Redis', async () => {
    const presenter = await phone(c, { role: 'presenter' });
    const onA = await phone(a);
    const onB = await phone(b);
    const before = presenter.state.snapshot!.run!.id;
    await presenter.call('poll:open', { pollId: 'q2' });
    for (const p of [onA, onB]) await p.until('q2 open', ({ state }) => state.poll('q2')?.phase === 'open');
    expect(await onA.call('vote', { pollId: 'q2', choice: 3 })).toMatchObject({ ok: true });
    await presenter.call('poll:reveal', { pollId: 'q2' });
    for (const p of [onA, onB]) await p.until('q2 revealed', ({ state }) => state.poll('q2')?.phase === 'revealed');

    const started = await presenter.call('run:new', { name: 'second run', rehearsal: false });
    expect(started).toMatchObject({ ok: true, run: { id: before + 1, name: 'second run' } });
    for (const p of [onA, onB]) {
      await p.until('the new run', ({ state }) => state.snapshot?.run?.id === before + 1);
      expect(p.state.poll('q2')).toMatchObject({ phase: 'closed', yourChoice: null });
      expect(p.state.poll('q2')?.answer).toBeUndefined();
    }
    // A ballot for the old run's open poll is refused on any node: the new run's polls are closed.
    expect(await onB.call('vote', { pollId: 'q2', choice: 0 })).toEqual({ ok: false, error: 'poll-closed' });

    const store = await openRedisStore(redis.url);
    try {
      const runs = await store.runs(FIXTURE_DECK);
      expect(runs.map((r) => [r.id, r.endedAt === null])).toEqual([
        ...runs.slice(0, -1).map((r) => [r.id, false]),
        [before + 1, true],
      ]);
      const old = await store.load(FIXTURE_DECK, before);
      expect(old.ballots).toContainEqual({ pollId: 'q2', clientId: onA.clientId, choice: 3 });
      expect((await store.load(FIXTURE_DECK)).ballots).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
