import { describe, expect, it } from 'vitest';
import { sleepingPhone } from '../scenarios/sleepingPhone.ts';

describe('4. sleeping phone', () => {
  it('a phone asleep for 60 s shows the current slide within 1 s of waking', async () => {
    const { figure, wakeMs } = await sleepingPhone();
    expect(wakeMs).toBeLessThanOrEqual(1000);
    expect(figure.pass).toBe(true);
  });
});
