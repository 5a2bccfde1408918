/**
 * Hardening check 11 (audience text): nothing an audience member sends is ever shown as HTML. Apart from a
 * question and its name (shown as text on every screen: tests/browser/roomTalksBack.test.ts), a phone sends
 * ids and numbers only; this proves it three ways: the schemas refuse text where ids and numbers go and
 * the server never echoes what it refused; the room pages build their DOM as text (no HTML parsing
 * anywhere in their code); and XSS payloads thrown at a live room leave no element in the speaker
 * view, the projected deck or a phone.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHandshake } from '../../server/access/presenterToken.ts';
import { clientPayloadSchemas } from '../../server/live/schemas.ts';
import { startBrowser } from '../helpers/browser.ts';
import { DIST } from '../helpers/build.ts';
import { type Lectern, startLectern } from '../helpers/lectern.ts';
import { openWire } from '../helpers/wire.ts';
import { recordFigure } from './harness/figures.ts';

const XSS = [
  '<img src=x onerror="window.__xss=1">',
  '"><svg onload="window.__xss=1">',
  'javascript:window.__xss=1//',
  '<script>window.__xss=1</script>',
  '{{constructor.constructor("window.__xss=1")()}}',
  '<iframe srcdoc="<script>parent.__xss=1</script>">',
];
const ROOT = path.resolve(import.meta.dirname, '../..');
/** Tests of this file that got to their end, and what they saw, for the figures table. */
const seen = { passed: 0, pages: 0 };

describe('what a phone can send: ids and numbers only', () => {
  it('refuses markup as a client id or a deck at the handshake', () => {
    for (const payload of XSS) {
      expect(checkHandshake({ deck: 'hello-lectern', role: 'audience', clientId: payload }, () => true, 't').ok).toBe(
        false,
      );
      expect(
        checkHandshake(
          { deck: payload, role: 'audience', clientId: 'abcdefgh1234' },
          (d) => d === 'hello-lectern',
          't',
        ),
      ).toEqual({
        ok: false,
        error: 'unknown-deck',
      });
    }
    seen.passed += 1;
  });

  it('refuses any string where the protocol has a number', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(clientPayloadSchemas.vote.safeParse({ pollId: 'q1', choice: text }).success).toBe(false);
        expect(clientPayloadSchemas.rate.safeParse({ score: text }).success).toBe(false);
        expect(clientPayloadSchemas['slide:set'].safeParse({ h: text, v: 0, f: -1 }).success).toBe(false);
      }),
      { numRuns: 2000 },
    );
    seen.passed += 1;
  });

  it('never sends back or broadcasts a string a phone sent (only known poll ids come back)', async () => {
    const server = await startLectern();
    try {
      const presenter = await server.connect('presenter');
      await presenter.call('poll:open', { pollId: 'q1' });
      await presenter.call('poll:show-results', { pollId: 'q1', show: true });
      const watcher = await openWire(server.url, {
        mode: 'raw',
        auth: {
          deck: server.deck,
          role: 'audience',
          clientId: 'watcher-0001',
        },
      });
      const texts = fc.sample(
        fc.string({ minLength: 1, maxLength: 40 }).map((s) => `<b>${s}`),
        { numRuns: 40, seed: 11 },
      );
      for (const [i, text] of [...XSS, ...texts].entries()) {
        const phone = await openWire(server.url, {
          mode: 'raw',
          auth: {
            deck: server.deck,
            role: 'audience',
            clientId: `xss-phone-${String(i).padStart(4, '0')}`,
          },
        });
        phone.frame(`420${JSON.stringify(['vote', { pollId: text, choice: 0 }])}`);
        phone.frame(`421${JSON.stringify(['vote', { pollId: 'q1', choice: text }])}`);
        phone.frame(`422${JSON.stringify(['rate', { score: text }])}`);
        phone.frame(`423${JSON.stringify([text, { pollId: 'q1' }])}`);
        phone.frame(`424${JSON.stringify(['vote', { pollId: 'q1', choice: 1, note: text }])}`);
        await phone.until((frames) => frames.filter((f) => f.startsWith('43')).length === 5);
        expect(phone.frames.join('\n')).not.toContain(text);
        phone.close();
      }
      // The sentinel: a vote after all of them. Its counters message reaches the watcher and the
      // presenter after anything the phones above could have caused; then look at all they received.
      const sentinel = await server.connect('audience');
      await sentinel.call('vote', { pollId: 'q1', choice: 0 });
      await presenter.waitFor('stats', (stats) => stats.tallies.q1?.voters === 1);
      await watcher.until((frames) => frames.some((f) => f.startsWith('42["stats"') && f.includes('"voters":1')));
      const everything = [...watcher.frames, ...presenter.received.map((r) => JSON.stringify(r.payload))].join('\n');
      expect(everything).not.toMatch(/<b>|<img|<svg|<script|<iframe|javascript:/);
      watcher.close();
    } finally {
      await server.close();
    }
    seen.passed += 1;
  });
});

describe('how the room pages draw', () => {
  /** Ways to turn a string into markup in the DOM. */
  const HTML_SINKS =
    /\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|srcdoc/;
  /** Files allowed a sink, and why. */
  const ALLOWED: Record<string, string> = {
    'src/deck/plugins/lazyDiagrams.ts': "Mermaid's SVG of the deck author's own diagram source, never audience text",
    'src/shared/deckSlides.ts':
      'the deck page the build wrote, fetched from this origin, scripts removed, never audience text',
  };

  it('build every element from text, in the phone page, the speaker view, the deck and their shared code', () => {
    const files = ['src/audience', 'src/presenter', 'src/deck', 'src/shared', 'src/library'].flatMap((dir) =>
      fs
        .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => path.join(dir, f)),
    );
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter(
      (f) => !(f in ALLOWED) && HTML_SINKS.test(fs.readFileSync(path.join(ROOT, f), 'utf8')),
    );
    expect(offenders).toEqual([]);
    seen.passed += 1;
  });
});

describe('XSS payloads at a live room', () => {
  let server: Lectern;
  let browser: Browser;
  const pages: Page[] = [];
  const DECK = 'hello-lectern';

  beforeAll(async () => {
    server = await startLectern({ dist: DIST, quickCounters: false });
    browser = await startBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('leaves no injected element or script run in the speaker view, the deck or a phone', async () => {
    const open = async (url: string) => {
      const page = await (await browser.newContext()).newPage();
      await page.goto(url);
      pages.push(page);
      return page;
    };
    const speaker = await open(`${server.url}/${DECK}/speaker/#token=${server.token}`);
    await expect.poll(() => speaker.locator('.spk-topbar .aud-badge').getAttribute('data-state')).toBe('live');
    const deck = await open(`${server.url}/${DECK}/`);
    await deck.waitForFunction(() => window.Reveal?.isReady());
    const phone = await open(`${server.url}/${DECK}/join/`);
    await expect.poll(() => phone.locator('.aud-badge').getAttribute('data-state')).toBe('live');
    // Bars visible everywhere, so tallies are drawn on every page.
    const poll = speaker.locator('.spk-poll[data-poll="q1"]');
    await poll.getByRole('button', { name: 'Open voting' }).click();
    await expect.poll(() => server.app.decks.get(DECK)!.talk.pollState('q1', 'presenter').phase).toBe('open');
    await poll.getByRole('button', { name: 'Show bars' }).click();
    await expect.poll(() => server.app.decks.get(DECK)!.talk.pollState('q1', 'presenter').showResults).toBe(true);

    for (const [i, text] of XSS.entries()) {
      const clientId = `xss-${String(i).padStart(6, '0')}`;
      const raw = await openWire(server.url, { mode: 'raw', auth: { deck: DECK, role: 'audience', clientId } });
      raw.frame(`420${JSON.stringify(['vote', { pollId: text, choice: 0 }])}`);
      // An extra key is refused (the schemas are exact); the plain vote beside it is counted.
      raw.frame(`421${JSON.stringify(['vote', { pollId: 'q1', choice: i % 3, label: text }])}`);
      raw.frame(`424${JSON.stringify(['vote', { pollId: 'q1', choice: i % 3 }])}`);
      raw.frame(`422${JSON.stringify(['rate', { score: 4, comment: text }])}`);
      raw.frame(`423${JSON.stringify(['snapshot:get', { deck: text }])}`);
      await raw.until((frames) => frames.filter((f) => f.startsWith('43')).length === 5);
      raw.close();
    }
    await expect.poll(() => server.app.decks.get(DECK)!.talk.stats('presenter').tallies.q1?.voters).toBe(XSS.length);
    // The sentinel: every page drew the tally that counts the last phone, so it has handled whatever
    // the phones' messages made the server send before it.
    await expect
      .poll(() => speaker.locator('.spk-poll[data-poll="q1"] .spk-bar-count').allInnerTexts())
      .toEqual(['2', '2', '2', '0']);
    await expect
      .poll(() => deck.locator('.lectern-quiz[data-poll="q1"] .quiz-status').innerText())
      .toContain('6 answers');
    await expect.poll(() => phone.locator('.aud-quiz[data-poll="q1"] .aud-quiz-voters').innerText()).toBe('6 answers');

    for (const page of pages) {
      const found = await page.evaluate(() => ({
        ran: (window as unknown as { __xss?: number }).__xss ?? null,
        injected: document.querySelectorAll('img[src="x"], svg[onload], iframe[srcdoc], script:not([src])').length,
        handlers: [...document.querySelectorAll('*')].filter((el) =>
          [...el.attributes].some((a) => /^on/i.test(a.name)),
        ).length,
      }));
      expect(found.ran, page.url()).toBeNull();
      expect(found.injected, page.url()).toBe(0);
      expect(found.handlers, page.url()).toBe(0);
    }
    // The counts did arrive: the pages drew what the phones sent, as numbers.
    expect(await speaker.locator('.spk-poll[data-poll="q1"] .spk-bar-count').allInnerTexts()).toEqual([
      '2',
      '2',
      '2',
      '0',
    ]);
    seen.pages = pages.length;
    seen.passed += 1;
  });
});

afterAll(() => {
  recordFigure({
    item: '11. Audience text',
    mode: 'Chromium',
    rule: 'anything the audience sends that is shown anywhere is text, never HTML',
    measured:
      `a phone can send ids and numbers only (markup refused at the handshake and by every schema, never echoed: ${XSS.length} payloads + 40 random); ` +
      `no HTML sink in the room pages' code; ${XSS.length} XSS payloads × 4 fields at a live room: 0 elements injected, 0 scripts run on ${seen.pages} pages`,
    pass: seen.passed === 5,
  });
});
