/**
 * The Redis store: the same contract as SQLite, then what only a shared store has to get right —
 * two connections (two nodes) racing on one client id or one poll, a crash of Redis, and the reads a
 * node of a cluster makes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deckPrefix } from '../../server/store/redis/keys.ts';
import { readClientView, readCounters } from '../../server/store/redis/reads.ts';
import { roomKeys } from '../../server/store/redis/roomScripts.ts';
import { openRedisStore, type RedisTalkStore } from '../../server/store/redis.ts';
import { INITIAL_POLL, type PollRecord } from '../../server/talk/records.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { describeStoreContract } from './contract.ts';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

async function freshStore(): Promise<RedisTalkStore> {
  const store = await openRedisStore(redis.url);
  await store.client.flushDb();
  return store;
}

/**
 * Each room key of the deck's current run (`roomKeys`, so a key added there is checked too) and
 * whether it holds anything; a prefix holds when any key starts with it. The talk hash is the deck's own.
 */
async function roomKeysHolding(store: RedisTalkStore, deck: string): Promise<Record<string, boolean>> {
  const present = await store.client.keys(`${deckPrefix(deck)}*`);
  const holding: Record<string, boolean> = {};
  for (const [name, key] of Object.entries(roomKeys(deck))) {
    if (name === 'talk') continue;
    holding[name] = name.endsWith('Prefix') ? present.some((k) => k.startsWith(key)) : present.includes(key);
  }
  return holding;
}

describeStoreContract('redis', async () => {
  const harness = {
    store: await freshStore(),
    roomKeysHolding: (deck: string) => roomKeysHolding(harness.store, deck),
    reopen: async () => {
      await harness.store.close();
      harness.store = await openRedisStore(redis.url);
      return harness.store;
    },
  };
  return harness;
});

describeStoreContract('redis, killed and restarted on reopen', async () => {
  const harness = {
    store: await freshStore(),
    roomKeysHolding: (deck: string) => roomKeysHolding(harness.store, deck),
    reopen: async () => {
      await harness.store.close();
      // SIGKILL: only what Redis fsynced to its append-only file before answering comes back.
      await redis.restart();
      harness.store = await openRedisStore(redis.url);
      return harness.store;
    },
  };
  return harness;
});

const open: PollRecord = { phase: 'open', showResults: false, round: 0 };

describe('redis store shared by two nodes', () => {
  let a: RedisTalkStore;
  let b: RedisTalkStore;
  beforeAll(async () => {
    a = await freshStore();
    b = await openRedisStore(redis.url);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('keeps one ballot per client id when two nodes store votes from it at the same moment', async () => {
    await a.updatePoll('race', 'q1', INITIAL_POLL, open, false);
    const clients = Array.from({ length: 200 }, (_, i) => `client-${i}`);
    const replies = await Promise.all(
      clients.flatMap((clientId, i) => [
        a.castBallot('race', 'q1', clientId, i % 3),
        b.castBallot('race', 'q1', clientId, (i + 1) % 3),
      ]),
    );
    expect(replies.every((r) => r.ok)).toBe(true);
    // Whichever landed second saw the first as the ballot it replaced: never both "no previous".
    for (let i = 0; i < clients.length; i++) {
      const pair = [replies[2 * i], replies[2 * i + 1]].map((r) => (r?.ok ? r.previous : 'refused'));
      expect(pair.filter((previous) => previous === null)).toHaveLength(1);
    }
    const { ballots } = await b.load('race');
    expect(ballots).toHaveLength(clients.length);
    const counters = await readCounters(a.client, 'race', {
      polls: [{ id: 'q1', choices: 3 }],
      scale: 5,
      node: { id: 'n', phones: null, ttlMs: 1000 },
    });
    const counts = [0, 0, 0];
    for (const { choice } of ballots) counts[choice]! += 1;
    expect(counters.tallies.get('q1')).toEqual({ round: 0, counts });
  });

  it('lets exactly one node win a poll change both planned from the same record', async () => {
    const closed = { ...open, phase: 'closed' } as const;
    const revealed = { ...open, phase: 'revealed' } as const;
    await a.updatePoll('cas', 'q1', INITIAL_POLL, open, false);
    const [fromA, fromB] = await Promise.all([
      a.updatePoll('cas', 'q1', open, closed, false),
      b.updatePoll('cas', 'q1', open, revealed, false),
    ]);
    expect([fromA.ok, fromB.ok].filter(Boolean)).toHaveLength(1);
    const loser = fromA.ok ? fromB : fromA;
    expect(loser).toEqual({ ok: false, current: fromA.ok ? closed : revealed });
  });

  it('refuses on every node a ballot for a poll one node closed', async () => {
    await a.updatePoll('close', 'q1', INITIAL_POLL, open, false);
    await a.updatePoll('close', 'q1', open, { ...open, phase: 'closed' }, false);
    expect(await b.castBallot('close', 'q1', 'late', 1)).toEqual({ ok: false, error: 'poll-closed' });
  });

  it('sums the audience of every node until a node stops reporting', async () => {
    const request = (id: string, phones: number | null, ttlMs = 60_000) => ({
      polls: [],
      scale: 0,
      node: { id, phones, ttlMs },
    });
    await readCounters(a.client, 'room', request('node-a', 3));
    expect((await readCounters(b.client, 'room', request('node-b', 4))).audience).toBe(7);
    // A node that stops writing (killed) drops out once its count expires.
    await readCounters(a.client, 'room', request('node-a', 3, 1));
    await new Promise((r) => setTimeout(r, 20));
    expect((await readCounters(b.client, 'room', request('node-b', 4))).audience).toBe(4);
  });

  it('gives one client its own ballots and rating, with the round each belongs to', async () => {
    await a.updatePoll('view', 'q1', INITIAL_POLL, open, false);
    await a.castBallot('view', 'q1', 'me', 2);
    await b.rate('view', 'me', 4);
    const mine = await readClientView(b.client, 'view', 'me', ['q1', 'q2']);
    expect(mine.score).toBe(4);
    expect([...mine.ballots]).toEqual([
      ['q1', { round: 0, choice: 2 }],
      ['q2', { round: 0, choice: null }],
    ]);
    await b.updatePoll('view', 'q1', open, { phase: 'closed', showResults: false, round: 1 }, true);
    expect((await readClientView(a.client, 'view', 'me', ['q1'])).ballots.get('q1')).toEqual({
      round: 1,
      choice: null,
    });
  });

  it('reads an ended run with one look at which run is current', async () => {
    await a.rate('ended', 'c', 5);
    await a.newRun('ended', { name: 'second', rehearsal: false });
    // `currentRunId` reads the talk's `run` field: once per load, not once per part read.
    const lookups = vi.spyOn(a.client, 'hGet');
    try {
      expect((await a.load('ended', 1)).ratings).toEqual([{ clientId: 'c', score: 5 }]);
      expect(lookups).toHaveBeenCalledTimes(1);
    } finally {
      lookups.mockRestore();
    }
  });

  it('keeps every deck under its own lectern:{deck}: keys', async () => {
    await a.setSlide('named', { h: 1, v: 0, f: -1 });
    await a.rate('named', 'c', 5);
    await a.newRun('named', { name: 'second', rehearsal: false });
    const keys = await a.client.keys('lectern:{named}:*');
    expect(keys.sort()).toEqual([
      'lectern:{named}:run:1:ratings',
      'lectern:{named}:run:1:scores',
      'lectern:{named}:run:1:slides',
      'lectern:{named}:run:1:talk',
      'lectern:{named}:runs',
      'lectern:{named}:talk',
    ]);
  });
});

describe('redis store while Redis is away', () => {
  it('fails a write at once instead of holding it, and works again once Redis is back', async () => {
    const store = await freshStore();
    try {
      await store.updatePoll('away', 'q1', INITIAL_POLL, open, false);
      await redis.kill();
      await expect(store.castBallot('away', 'q1', 'c', 1)).rejects.toThrow();
      await redis.restart();
      await expect
        .poll(
          () =>
            store.castBallot('away', 'q1', 'c', 1).then(
              (r) => r.ok,
              () => false,
            ),
          { timeout: 10_000 },
        )
        .toBe(true);
      expect((await store.load('away')).ballots).toEqual([{ pollId: 'q1', clientId: 'c', choice: 1 }]);
    } finally {
      await store.close();
    }
  });
});
