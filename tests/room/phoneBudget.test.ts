import { describe, expect, it } from 'vitest';
import { measurePhoneBudget, PHONE_BUDGET_BYTES } from '../bench/phoneBudget.ts';

describe('the phone page', () => {
  it.each(['hello-lectern', 'advanced-kubernetes'])('loads at most 60 KB gzip of JS and CSS (%s)', (deck) => {
    const budget = measurePhoneBudget(deck);
    expect(budget.assets.some((asset) => asset.file.endsWith('.js'))).toBe(true);
    // The page's own code and its WebSocket wire are in there: without them it could not be live.
    expect(budget.jsGzip).toBeGreaterThan(10 * 1024);
    expect(budget.totalGzip).toBeLessThanOrEqual(PHONE_BUDGET_BYTES);
  });

  // Which libraries it may ship: tests/build/pageLibraries.test.ts, with every other page.
});
