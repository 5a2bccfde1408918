import { describe, expect, it } from 'vitest';
import { unjoinedFlood } from '../scenarios/unjoinedFlood.ts';

describe('14. unjoined-session flood', () => {
  it('2 minutes of long-polling sessions from one address: RSS grows ≤ 150 MiB, a phone joins within 1 s throughout', async () => {
    const { figure, rssGrowth, joinMaxMs, joinsFailed, refused } = await unjoinedFlood();
    expect(refused).toBeGreaterThan(0);
    expect(joinsFailed).toBe(0);
    expect(joinMaxMs).toBeLessThanOrEqual(1000);
    expect(rssGrowth).toBeLessThanOrEqual(150 * 2 ** 20);
    expect(figure.pass).toBe(true);
  });
});
