import { describe, expect, it } from 'vitest';
import { churnScenario } from '../scenarios/churn.ts';

describe('9. connection churn', () => {
  it('10,000 connect/disconnect cycles leave the heap within 10% of its baseline', async () => {
    const { figure, growth } = await churnScenario();
    expect(growth).toBeLessThanOrEqual(0.1);
    expect(figure.pass).toBe(true);
  });
});
