/**
 * Hardening check 10 (strict CSP): every page runs under the strict Content-Security-Policy the server sends (no inline
 * script, no eval) with zero violations in Chromium, and still works: the library lists decks, reveal
 * walks every slide (diagrams, code steps, the QR code), the print view lays out every slide, the
 * phone page goes live and the speaker view drives the deck. The usual security headers are on every
 * answer.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../server/http/securityHeaders.ts';
import { startBrowser } from '../helpers/browser.ts';
import { DIST } from '../helpers/build.ts';
import { type Lectern, startLectern } from '../helpers/lectern.ts';
import { recordFigure } from './harness/figures.ts';

const DECKS = ['hello-lectern', 'advanced-kubernetes'];
let browser: Browser;
let server: Lectern;
let context: BrowserContext;

beforeAll(async () => {
  server = await startLectern({ dist: DIST, quickCounters: false });
  browser = await startBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Injected through the DevTools protocol, which a page's CSP does not govern.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
}, 120_000);
/** Pages checked with zero violations, for the figures table. */
const clean: string[] = [];
let headersChecked = 0;
afterAll(async () => {
  await browser?.close();
  await server?.close();
  const pages = 1 + DECKS.length * 4;
  recordFigure({
    item: '10. Strict CSP',
    mode: 'Chromium',
    rule: "every page under a strict CSP (no 'unsafe-eval'), zero violations; the usual security headers",
    measured: `${clean.length}/${pages} pages with 0 violations (library; per deck: walked to the end, print view, phone, speaker view), an injected inline script refused; ${headersChecked} answers with all ${Object.keys(SECURITY_HEADERS).length} headers`,
    pass: clean.length === pages && headersChecked > 0,
  });
});

/** Opens a page, records CSP reports from the page and from the console, and runs `check` on it. */
async function visit(path: string, check: (page: Page) => Promise<void>): Promise<string[]> {
  const page = await context.newPage();
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
  });
  const response = await page.goto(`${server.url}${path}`);
  expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  await check(page);
  const violations = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  await page.close();
  const all = [...violations, ...refused];
  if (all.length === 0) clean.push(path);
  return all;
}

/** Walks the deck to its end through reveal's API, every fragment included. */
async function walkDeck(page: Page): Promise<number> {
  await page.waitForFunction(() => window.Reveal?.isReady());
  const steps = await page.evaluate(async () => {
    const reveal = window.Reveal;
    let steps = 0;
    while (!(reveal.isLastSlide() && !reveal.availableFragments().next) && steps < 1000) {
      reveal.next();
      steps += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return steps;
  });
  // Lazy diagrams (a build without a browser) render after the slide changes: wait until each is drawn.
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.diagram-lazy')].every((e) => e.querySelector('svg')),
  );
  return steps;
}

describe('strict Content-Security-Policy, zero violations in Chromium', () => {
  it('sends the policy: no unsafe-eval, no inline script', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe-eval/);
    expect(/script-src ([^;]*)/.exec(CONTENT_SECURITY_POLICY)![1]).toBe("'self'");
  });

  it('the library page', async () => {
    const violations = await visit('/', async (page) => {
      expect(await page.locator('.library-deck').count()).toBe(DECKS.length);
      await page.waitForLoadState('networkidle');
    });
    expect(violations).toEqual([]);
  });

  it('refuses an injected inline script, and the check sees it (the control for the zeros above)', async () => {
    const violations = await visit('/', async (page) => {
      const ran = await page.evaluate(async () => {
        // The sentinel: the browser's report that it refused the script.
        const reported = new Promise((resolve) =>
          document.addEventListener('securitypolicyviolation', resolve, { once: true }),
        );
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true';
        document.body.append(script);
        // An inline script the page allows runs as it is appended.
        const injected = () => (window as unknown as { __injected?: boolean }).__injected ?? false;
        if (injected()) return true;
        await reported;
        return injected();
      });
      expect(ran).toBe(false);
    });
    expect(violations.some((v) => v.startsWith('script-src'))).toBe(true);
  });

  for (const deck of DECKS) {
    it(`${deck}: the projected deck, walked to the end`, async () => {
      const violations = await visit(`/${deck}/`, async (page) => {
        const steps = await walkDeck(page);
        expect(steps).toBeGreaterThan(5);
        // The title slide's QR code is an image from the server.
        expect(
          await page.locator('.lectern-join-corner img').evaluate((img: HTMLImageElement) => img.naturalWidth > 0),
        ).toBe(true);
        expect(await page.locator('.diagram-lazy:not([data-drawn]) .diagram-source').count()).toBe(0);
      });
      expect(violations).toEqual([]);
    });

    it(`${deck}: the print view, every slide laid out`, async () => {
      const violations = await visit(`/${deck}/?print-pdf`, async (page) => {
        await page.waitForFunction(() => window.Reveal?.isReady());
        await page.waitForLoadState('networkidle');
        expect(await page.locator('.pdf-page').count()).toBeGreaterThan(5);
      });
      expect(violations).toEqual([]);
    });

    it(`${deck}: the phone page goes live`, async () => {
      const violations = await visit(`/${deck}/join/`, async (page) => {
        await expect.poll(() => page.locator('.aud-badge').getAttribute('data-state')).toBe('live');
        // The phone wire can be live before the rest of the deck has arrived (the served card shows meanwhile).
        await expect.poll(() => page.locator('.aud-card').count()).toBeGreaterThan(5);
      });
      expect(violations).toEqual([]);
    });

    it(`${deck}: the speaker view goes live and moves the talk`, async () => {
      const violations = await visit(`/${deck}/speaker/#token=${server.token}`, async (page) => {
        await expect.poll(() => page.locator('.spk-topbar .aud-badge').getAttribute('data-state')).toBe('live');
        await page.getByRole('button', { name: 'Next' }).click();
        const live = server.app.decks.get(deck)!.talk;
        await expect.poll(() => live.seq).toBeGreaterThan(0);
      });
      expect(violations).toEqual([]);
    });
  }

  it('sends the usual security headers on pages, assets, the API and errors', async () => {
    for (const path of [
      '/',
      '/hello-lectern/join/',
      '/api/talks',
      '/api/talks/hello-lectern/join-qr.svg',
      '/no-such-page',
    ]) {
      const response = await fetch(`${server.url}${path}`);
      for (const [name, value] of Object.entries(SECURITY_HEADERS))
        expect(response.headers.get(name), `${path} ${name}`).toBe(value);
      headersChecked += 1;
    }
  });
});
