import { describe, expect, it } from 'vitest';
import { reconnectStorm } from '../scenarios/reconnectStorm.ts';

describe('3. reconnect storm', () => {
  for (const mode of ['sqlite', 'redis'] as const) {
    it(`${mode}: 2,000 phones resync within 30 s after a restart, once each, lag p99 < 200 ms`, async () => {
      const { figure, problems, resyncMs, lag } = await reconnectStorm(mode);
      expect(problems).toEqual([]);
      expect(resyncMs).toBeLessThanOrEqual(30_000);
      expect(lag.p99).toBeLessThan(200);
      expect(figure.pass).toBe(true);
    });
  }
});
