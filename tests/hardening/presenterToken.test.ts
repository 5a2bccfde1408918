/**
 * Hardening check 12 (presenter token): the presenter token appears in no log line, no URL lectern's pages store or request, and
 * no Referer. The real `npm start` server runs as a child with its output captured (not a terminal,
 * as under a service manager or CI); Chromium with a real profile drives the speaker view, opens the
 * projector from it and moves the talk; then the output, every request and the profile's History
 * database are searched for the token.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type BrowserContext, chromium, type Page, type Request, type Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser, NO_BROWSER_HELP } from '../../src/build/findBrowser.ts';
import { CHROME_FLAGS } from '../../src/build/launchBrowser.ts';
import { DIST } from '../helpers/build.ts';
import { type Lectern, startLectern } from '../helpers/lectern.ts';
import { recordFigure } from './harness/figures.ts';

const TOKEN = 'Tk-presenter-secret-3c9e41aa';
const DECK = 'hello-lectern';

let dir: string;
let server: Lectern;
let context: BrowserContext;
const requests: Request[] = [];
const responses: Response[] = [];
let speakerUrl: string;
/** Tests of this file that got to their end, and what they saw, for the figures table. */
const seen = { passed: 0, lines: 0, urls: 0 };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-token-'));
  server = await startLectern({ in: 'child', dist: DIST, token: TOKEN });
  const executablePath = findBrowser();
  if (!executablePath) throw new Error(NO_BROWSER_HELP);
  // A persistent profile, so the browser keeps a History database as a speaker's browser does.
  context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath,
    args: CHROME_FLAGS,
    headless: true,
  });
  context.on('request', (request) => requests.push(request));
  context.on('response', (response) => responses.push(response));
  speakerUrl = `${server.url}/${DECK}/speaker/#token=${TOKEN}`;
}, 120_000);

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  recordFigure({
    item: '12. Presenter token',
    mode: 'npm start + Chromium',
    rule: 'the token is in no log line, no stored URL and no Referer',
    measured:
      `0 of ${seen.lines} output lines, 0 of ${requests.length} requests (URL, Referer, headers); address bar cleared; ` +
      `history: ${seen.urls} URLs, only the speaker link the speaker opened carries it (a new token each start by default)`,
    pass: seen.passed === 5,
  });
});

describe('the presenter token', () => {
  it('drives a talk: speaker view, the projector it opens, a phone, a download of the results', async () => {
    // Read without Playwright's auto-waiting, so a missing element fails the poll instead of hanging it.
    const attribute = (page: Page, selector: string, name: string) =>
      page.evaluate(([s, n]) => document.querySelector(s!)?.getAttribute(n!) ?? null, [selector, name]);
    const text = (page: Page, selector: string) =>
      page.evaluate((s) => document.querySelector(s)?.textContent ?? '', selector);
    const poll = { timeout: 15_000, interval: 100 };

    const speaker = await context.newPage();
    await speaker.goto(speakerUrl);
    await expect.poll(() => attribute(speaker, '.spk-topbar .aud-badge', 'data-state'), poll).toBe('live');
    // Gone from the address bar and the session history entry at once.
    expect(speaker.url()).toBe(`${server.url}/${DECK}/speaker/`);
    expect(await speaker.evaluate(() => location.href + history.length + JSON.stringify(history.state))).not.toContain(
      TOKEN,
    );

    const phone = await context.newPage();
    await phone.goto(`${server.url}/${DECK}/join/`);
    await expect.poll(() => attribute(phone, '.aud-badge', 'data-state'), poll).toBe('live');

    const [projector] = await Promise.all([
      context.waitForEvent('page', { timeout: 15_000 }),
      speaker.getByRole('button', { name: 'Open the projector deck' }).click({ timeout: 15_000 }),
    ]);
    await projector.waitForFunction(() => window.Reveal?.isReady(), undefined, { timeout: 15_000 });
    expect(projector.url()).not.toContain(TOKEN);
    expect(await projector.evaluate(() => document.referrer)).toBe('');
    // The projector is a presenter too (its token came through sessionStorage): once live, its keys move the phone.
    await expect.poll(() => attribute(projector, 'body', 'data-live-connection'), poll).toBe('live');
    expect(await attribute(projector, 'body', 'data-live-role')).toBe('projector');
    await projector.keyboard.press('ArrowRight');
    await expect.poll(() => attribute(phone, '.aud-card.is-live', 'data-slide'), poll).toBe('1.0');

    const results = await fetch(`${server.url}/api/talks/${DECK}/results.json`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(results.status).toBe(200);
    // A wrong token and a token in a query string: refused, and their refusals logged.
    expect((await fetch(`${server.url}/api/talks/${DECK}/results.csv?token=${TOKEN}`)).status).toBe(401);
    const wrong = await context.newPage();
    await wrong.goto(`${server.url}/${DECK}/speaker/#token=${TOKEN}x`);
    await expect.poll(() => text(wrong, '.spk-message h1'), poll).toContain('refused');
    seen.passed += 1;
  });

  it('is in no log line, even the ones about refusals and the shutdown', async () => {
    await server.nodes[0]!.stop();
    const output = server.nodes[0]!.output();
    expect(output).toContain('lectern listening');
    expect(output).toContain('connect-refused');
    expect(output).toContain('#token=<LECTERN_PRESENTER_TOKEN>');
    expect(output).not.toContain(TOKEN);
    seen.passed += 1;
  });

  it('is in no request the pages make: not in a URL, a Referer or any header', async () => {
    expect(requests.length).toBeGreaterThan(10);
    for (const request of requests) {
      expect(request.url(), request.url()).not.toContain(TOKEN);
      const headers = await request.allHeaders().catch(() => request.headers());
      // Playwright reports a withheld Referer as an empty one.
      expect(headers.referer ?? '', request.url()).toBe('');
      expect(JSON.stringify(headers), request.url()).not.toContain(TOKEN);
    }
    seen.passed += 1;
  });

  it('pages ask for no Referer themselves, in the HTML and in a header', async () => {
    const documents = responses.filter((r) => r.request().resourceType() === 'document');
    expect(documents.length).toBeGreaterThanOrEqual(4);
    for (const response of documents) expect(response.headers()['referrer-policy'], response.url()).toBe('no-referrer');
    for (const page of ['index.html', `${DECK}/index.html`, `${DECK}/join/index.html`, `${DECK}/speaker/index.html`]) {
      expect(fs.readFileSync(path.join(DIST, page), 'utf8'), page).toContain(
        '<meta name="referrer" content="no-referrer">',
      );
    }
    seen.passed += 1;
  });

  it("is kept by no URL in the browser's history but the one the speaker opened", async () => {
    await context.close();
    const db = new Database(path.join(dir, 'profile', 'Default', 'History'), { readonly: true });
    const urls = db
      .prepare<[], { url: string }>('SELECT url FROM urls')
      .all()
      .map((row) => row.url);
    db.close();
    expect(urls).toContain(`${server.url}/${DECK}/`);
    // The link `npm start` printed is the browser's own record of what was typed or clicked; with the
    // default token (a new one each start) it opens nothing once the server restarts.
    expect(
      urls.filter((url) => url.includes(TOKEN)).filter((url) => url !== speakerUrl && url !== `${speakerUrl}x`),
    ).toEqual([]);
    seen.lines = server.nodes[0]!.output().split('\n').length;
    seen.urls = urls.length;
    seen.passed += 1;
  });
});
