import { describe, expect, it } from 'vitest';
import { measurePhoneBudget, PHONE_BUDGET_BYTES } from '../bench/phoneBudget.ts';

describe('the phone page', () => {
  it.each(['hello-lectern', 'advanced-kubernetes'])('loads at most 60 KB gzip of JS and CSS (%s)', (deck) => {
    const budget = measurePhoneBudget(deck);
    expect(budget.assets.some((asset) => asset.file.endsWith('.js'))).toBe(true);
    // socket.io-client is in there: without it the page could not be live.
    expect(budget.jsGzip).toBeGreaterThan(10 * 1024);
    expect(budget.totalGzip).toBeLessThanOrEqual(PHONE_BUDGET_BYTES);
  });

  it('ships no reveal.js, Mermaid, QR code library or schema library', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { DIST } = await import('../helpers/build.ts');
    const budget = measurePhoneBudget('hello-lectern');
    const code = budget.assets
      .filter((a) => a.file.endsWith('.js'))
      .map((a) => readFileSync(join(DIST, a.file), 'utf8'))
      .join('\n');
    expect(code).not.toMatch(/reveal\.js|mermaid|qrcode|ZodError/i);
  });
});
