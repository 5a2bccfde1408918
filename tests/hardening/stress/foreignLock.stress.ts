import { describe, expect, it } from 'vitest';
import { foreignLock } from '../scenarios/foreignLock.ts';

describe('16. foreign lock on the data file', () => {
  it('another program holding a write lock leaves the event loop free: lag p99 < 50 ms; votes are stored once released', async () => {
    const { figure, lagP99, storedAfter } = await foreignLock();
    expect(lagP99).toBeLessThan(50);
    expect(storedAfter).toBe(true);
    expect(figure.pass).toBe(true);
  });
});
