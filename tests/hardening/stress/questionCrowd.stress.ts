import { describe, expect, it } from 'vitest';
import { questionCrowd } from '../scenarios/questionCrowd.ts';

describe('17. questions from a crowd', () => {
  for (const mode of ['sqlite', 'redis'] as const) {
    it(`${mode}: 2,000 phones ask and upvote three at once; every acknowledged question and upvote is stored, counts exact`, async () => {
      const { figure, problems } = await questionCrowd(mode);
      expect(problems).toEqual([]);
      expect(figure.pass).toBe(true);
    });
  }
});
