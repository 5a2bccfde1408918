import { describe, expect, it } from 'vitest';
import { tokenGuessing } from '../scenarios/tokenGuessing.ts';

describe('15. token guessing', () => {
  it('wrong tokens from one address are answered at most 20 a second on average; the speaker still gets in', async () => {
    const { figure, checkedPerSecond, presenterJoined } = await tokenGuessing();
    expect(checkedPerSecond).toBeLessThanOrEqual(20);
    expect(presenterJoined).toBe(true);
    expect(figure.pass).toBe(true);
  });
});
