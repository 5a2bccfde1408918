import { describe, expect, it } from 'vitest';
import { floodScenario } from '../scenarios/flood.ts';

describe('5. floods', () => {
  for (const mode of ['sqlite', 'redis'] as const) {
    it(`${mode}: a 1,000 votes/s flooder is throttled, the others' ack p95 stays under 100 ms`, async () => {
      const { figure, p95, flood, flooderBallots } = await floodScenario(mode);
      expect(p95).toBeLessThan(100);
      expect(flood.accepted).toBeLessThan(flood.sent / 10);
      expect(flood.closedByServer).toBeGreaterThan(0);
      expect(flooderBallots).toBeLessThanOrEqual(1);
      expect(figure.pass).toBe(true);
    });
  }
});
