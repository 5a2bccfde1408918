/**
 * The pages a screen reader user meets: the phone page and the speaker view pass axe-core with no
 * serious or critical violation; the projected deck is a document to read (no `role="application"`),
 * in the deck's language, with every diagram named.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DIST } from '../helpers/build.ts';
import { roomInBrowser } from '../helpers/roomInBrowser.ts';

const DECK = 'advanced-kubernetes';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const room = roomInBrowser();

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** axe-core's violations on the page as it is now, serious and critical ones first. */
async function axeViolations(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: Violation[] }> } })
      .axe;
    return (await axe.run(document)).violations;
  });
  return violations.map(({ id, impact, help, nodes }) => ({
    id,
    impact,
    help,
    nodes: nodes.slice(0, 3).map(({ target, failureSummary }) => ({ target, failureSummary })),
  }));
}

const grave = (violations: Violation[]) =>
  violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');

describe('axe-core', () => {
  it('finds no serious or critical violation on the phone page', async () => {
    // axe is injected as a script of the test's own: the page's CSP is for the page's scripts.
    const context = await room.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      bypassCSP: true,
    });
    const page = await context.newPage();
    await page.goto(`${room.server.url}/${DECK}/join/`);
    await page.locator('.aud-card').first().waitFor();
    await expect.poll(() => page.locator('.aud-badge').getAttribute('data-state')).toBe('live');
    const violations = await axeViolations(page);
    console.log(`phone page: ${violations.map((v) => `${v.id} (${v.impact})`).join(', ') || 'no violations'}`);
    expect(grave(violations)).toEqual([]);
    await context.close();
  });

  it('finds no serious or critical violation in the speaker view', async () => {
    const context = await room.browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${room.server.url}/${DECK}/speaker/#token=${room.server.token}`);
    await expect.poll(() => page.locator('.spk-topbar .aud-badge').innerText()).toBe('LIVE');
    const violations = await axeViolations(page);
    console.log(`speaker view: ${violations.map((v) => `${v.id} (${v.impact})`).join(', ') || 'no violations'}`);
    expect(grave(violations)).toEqual([]);
    await context.close();
  });
});

describe('the projected deck', () => {
  it('is a document a screen reader can read, not an application', async () => {
    const page = await room.browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${room.server.url}/${DECK}/`);
    await page.locator('.reveal.ready').waitFor();
    expect(await page.locator('.reveal').getAttribute('role')).toBeNull();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.close();
  });

  it('names every diagram, by its caption', () => {
    const html = readFileSync(join(DIST, DECK, 'index.html'), 'utf8');
    const diagrams = [...html.matchAll(/<div class="diagram"[^>]*>/g)].map((match) => match[0]);
    expect(diagrams).toHaveLength(7);
    for (const diagram of diagrams) expect(diagram).toMatch(/ role="img" aria-label="[^"]{20,}"/);
    expect(html).toContain(
      'aria-label="Every other component is a client: it watches the API server and acts through it."',
    );
  });
});
