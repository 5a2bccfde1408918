/**
 * A node dies mid-talk: its phones reconnect through the load balancer to another node and resync.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deckKeys } from '../../server/store/redis/keys.ts';
import { openRedisStore } from '../../server/store/redis.ts';
import { type Lectern, type LecternNode, startLectern } from '../helpers/lectern.ts';
import type { TestRedis } from '../helpers/redis.ts';
import { FIXTURE_DECK } from '../server/fixtureDist.ts';
import { type Balancer, startBalancer } from './balancer.ts';
import { connectPhone, type Phone } from './phones.ts';

let redis: TestRedis;
let cluster: Lectern;
let nodes: LecternNode[];
let balancer: Balancer;
const phones: Phone[] = [];

beforeAll(async () => {
  cluster = await startLectern({ in: 'child', store: 'redis', nodes: 3 });
  ({ nodes } = cluster);
  redis = cluster.redis!;
  // The presenter talks to A directly; the phones go through the balancer to B or C.
  balancer = await startBalancer([nodes[1]!.port, nodes[2]!.port]);
});
afterAll(async () => {
  for (const phone of phones) phone.close();
  await balancer?.close();
  await cluster?.close();
});

describe('many nodes: a node dies', () => {
  it('moves its phones to another node, each with its own ballot and the current slide', async () => {
    const [a, b] = nodes as [LecternNode, LecternNode, LecternNode];
    const presenter = await connectPhone(a.url, { role: 'presenter' });
    phones.push(presenter);
    await presenter.call('slide:set', { h: 2, v: 0, f: -1 });
    await presenter.call('poll:open', { pollId: 'q1' });

    // One connection at a time, so the balancer alternates: three phones on B, three on C.
    const crowd: Phone[] = [];
    for (let i = 0; i < 6; i++) {
      const phone = await connectPhone(balancer.url, { reconnect: true });
      phones.push(phone);
      crowd.push(phone);
    }
    await Promise.all(crowd.map((p) => p.until('q1 open', ({ state }) => state.poll('q1')?.phase === 'open')));
    const acks = await Promise.all(crowd.map((p, i) => p.call('vote', { pollId: 'q1', choice: i % 3 })));
    expect(acks.every((ack) => ack.ok)).toBe(true);
    await presenter.until('six phones', ({ state }) => state.audience === 6);

    await b.kill();
    // B's phones lose their socket, reconnect through the balancer, land on C and get a new snapshot.
    const moved = () => crowd.filter((p) => p.snapshots > 1);
    await presenter.until(
      'B’s phones back on C',
      () => moved().length === 3 && moved().every((p) => p.socket.connected),
      15_000,
    );
    for (const p of moved()) {
      expect(p.state.slide).toEqual({ h: 2, v: 0, f: -1 });
      expect(p.state.poll('q1')?.yourChoice).toBe(crowd.indexOf(p) % 3);
    }

    // They follow the talk from their new node, and can still change their ballot.
    await presenter.call('slide:set', { h: 3, v: 0, f: -1 });
    await Promise.all(crowd.map((p) => p.until('slide 3', ({ state }) => state.slide?.h === 3)));
    expect(await moved()[0]!.call('vote', { pollId: 'q1', choice: 2 })).toMatchObject({ ok: true });
    // B's audience count expires and is dropped from Redis; the six phones are counted once each, on C.
    const store = await openRedisStore(redis.url);
    try {
      await expect.poll(() => store.client.hLen(deckKeys(FIXTURE_DECK).audience), { timeout: 15_000 }).toBe(2);
    } finally {
      await store.close();
    }
    await presenter.until('six phones after the move', ({ state }) => state.audience === 6);
    await presenter.until('six voters', ({ stats }) => stats?.tallies.q1?.voters === 6);
  });
});
