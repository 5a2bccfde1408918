import { describe, expect, it } from 'vitest';
import { killDuringVotes } from '../scenarios/killDuringVotes.ts';

describe('1. kill -9 during votes', () => {
  for (const mode of ['sqlite', 'redis'] as const) {
    it(`${mode}: every acknowledged vote survives, the file is sound`, async () => {
      const { figure, lost, acked, integrity } = await killDuringVotes(mode);
      expect(acked).toBeGreaterThanOrEqual(1000);
      expect(lost).toEqual([]);
      if (mode === 'sqlite') expect(integrity).toBe('ok');
      expect(figure.pass).toBe(true);
    });
  }
});
