import { describe, expect, it } from 'vitest';
import { oversizedMemory, RSS_LIMIT } from '../scenarios/oversizedMemory.ts';

describe('7. oversized messages', () => {
  it('400 messages of 1 MiB close their sockets and leave RSS flat', async () => {
    const { figure, closed, rssGrowth } = await oversizedMemory();
    expect(closed).toBe(400);
    expect(rssGrowth).toBeLessThan(RSS_LIMIT);
    expect(figure.pass).toBe(true);
  });
});
