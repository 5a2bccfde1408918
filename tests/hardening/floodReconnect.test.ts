/**
 * The rule behind the stress figure: a phone's rate-limit bucket outlives its socket, so a
 * flooder closed for flooding does not come back with a fresh burst by reconnecting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIENCE_LIMIT, createBucketRegistry, take } from '../../server/live/rateLimit.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { openRawEngine } from './harness/rawEngine.ts';

describe('rate-limit buckets by client id', () => {
  it('gives a returning id the bucket it left, and a full one once it has idled long enough to refill', () => {
    const buckets = createBucketRegistry(AUDIENCE_LIMIT);
    const first = buckets.bucketFor('deck\nphone', 0);
    for (let i = 0; i < AUDIENCE_LIMIT.burst; i++) expect(take(first, AUDIENCE_LIMIT, 0)).toBe('allow');
    expect(take(first, AUDIENCE_LIMIT, 0)).toBe('refuse');
    const again = buckets.bucketFor('deck\nphone', 10);
    expect(again).toBe(first);
    expect(take(again, AUDIENCE_LIMIT, 10)).toBe('refuse');
    expect(buckets.bucketFor('deck\nother', 10).tokens).toBe(AUDIENCE_LIMIT.burst);
    // Refilling takes burst / rate = 2 s.
    expect(buckets.bucketFor('deck\nphone', 2100).tokens).toBe(AUDIENCE_LIMIT.burst);
  });

  it('forgets idle ids, so the registry does not grow with every phone ever seen', () => {
    const buckets = createBucketRegistry(AUDIENCE_LIMIT);
    for (let i = 0; i < 5000; i++) buckets.bucketFor(`deck\nphone-${i}`, i < 4000 ? 0 : 5000);
    expect(buckets.size).toBeLessThan(2000);
  });
});

describe('a flooder that reconnects', () => {
  let server: TestServer;
  afterEach(async () => {
    await server?.close();
  });

  it('is closed, and finds its bucket still empty when it comes back at once', async () => {
    server = await startTestServer();
    const presenter = await server.connect('presenter');
    await presenter.call('poll:open', { pollId: 'q1' });
    const auth = { deck: server.deck, role: 'audience', clientId: 'flooding-phone-01' };
    const vote = (id: number) => `42${id}["vote",{"pollId":"q1","choice":0}]`;

    const first = await openRawEngine(server.url, auth);
    for (let i = 0; i < 100; i++) first.frame(vote(i));
    await first.closed;
    const okIn = (frames: string[]) => frames.filter((f) => /^43\d+\[\{"ok":true/.test(f)).length;
    expect(okIn(first.frames)).toBe(AUDIENCE_LIMIT.burst);

    const second = await openRawEngine(server.url, auth);
    for (let i = 0; i < 20; i++) second.frame(vote(i));
    await Promise.race([
      second.closed,
      second.until((frames) => frames.filter((f) => f.startsWith('43')).length === 20),
    ]);
    // At 5 a second, the few milliseconds since the close refilled at most one token.
    expect(okIn(second.frames)).toBeLessThanOrEqual(1);
    second.close();
  });
});
