/**
 * A talk written in Arabic, on the phone and in the speaker view: its text reads and aligns right to
 * left, each run isolated from the page's own words, and its tables run their columns right to left
 * there, on the projector and in the PDF (an English table in it stays left to right). A small deck
 * is built for the test (no diagram, so no browser is needed to build it) and served by the real server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowser } from '../helpers/browser.ts';
import { buildFixtureDecks } from '../helpers/build.ts';
import { type Lectern, startLectern } from '../helpers/lectern.ts';

const TOKEN = 'rtl-test-token-0123456789';
const DECK_MD = `---
title: مقدمة إلى كوبرنيتس
theme: dark
---

::: cover
# مقدمة إلى كوبرنيتس
عرض قصير عن مستوى التحكم.
:::

---

::: section 3 مستوى التحكم
## خادم الواجهة هو الباب الوحيد

كل مكوّن آخر هو عميل لخادم الواجهة (kube-apiserver).
:::

::: notes
اسأل الحضور: من يكتب في etcd؟ انتظر ثلاث إجابات قبل أن تكمل.
:::

---

::: quiz أي مكوّن هو الوحيد الذي يقرأ ويكتب في etcd؟
- [ ] المجدول (scheduler)
- [x] خادم الواجهة kube-apiserver
- [ ] الكوبلت

Why: فقط خادم الواجهة يلمس etcd؛ كل المكونات الأخرى عملاء له.
:::

---

## مكونات مستوى التحكم

<p>كل مكوّن يتحدث إلى خادم الواجهة، ولا أحد غيره يكتب في etcd.</p>

<table>
<tr><th>المكوّن</th><th>الدور</th></tr>
<tr><td>المجدول</td><td>يختار عقدة لكل حاوية</td></tr>
</table>

---

## من يفعل ماذا

| المكوّن | الدور | يكتب في etcd |
| --- | --- | --- |
| خادم الواجهة (kube-apiserver) | الباب الوحيد إلى الحالة | نعم |
| المجدول | يختار عقدة لكل حاوية | لا |
| الكوبلت | يشغّل الحاويات على عقدته | لا |

---

## kubectl

| Command | What it does |
| --- | --- |
| kubectl get | lists objects |
| kubectl apply | sends a manifest |
`;

let dir: string;
let browser: Browser;
let room: Lectern;
let base: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-rtl-'));
  fs.mkdirSync(path.join(dir, 'slides', 'rtl'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'slides', 'rtl', 'deck.md'), DECK_MD);
  await buildFixtureDecks(path.join(dir, 'slides'), path.join(dir, 'dist'));
  room = await startLectern({ dist: path.join(dir, 'dist'), token: TOKEN, store: 'memory', quickCounters: false });
  ({ url: base } = room);
  browser = await startBrowser();
});

afterAll(async () => {
  await browser?.close();
  await room?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The element's own direction, and whether its text hugs its right edge. */
const reading = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((e) => {
      const range = document.createRange();
      range.selectNodeContents(e);
      const text = [...range.getClientRects()];
      const box = e.getBoundingClientRect();
      const padding = parseFloat(getComputedStyle(e).paddingRight);
      return {
        direction: getComputedStyle(e).direction,
        right: text.length > 0 && Math.abs(Math.max(...text.map((r) => r.right)) - (box.right - padding)) < 2,
      };
    });

/**
 * Which way a table's columns run: its direction, and whether its first column (a row's start for a
 * right-to-left reader) stands to the right of its last, in the header row and in a body row.
 */
const columns = (page: Page, table: string) =>
  page
    .locator(table)
    .first()
    .evaluate((e) => {
      const rows = [...e.querySelectorAll('tr')];
      const firstOnRight = (row: HTMLTableRowElement) => {
        const cells = [...row.cells].map((cell) => cell.getBoundingClientRect());
        return cells[0]!.left > cells.at(-1)!.left;
      };
      return {
        direction: getComputedStyle(e).direction,
        firstOnRight: rows.every(firstOnRight),
        rows: rows.length,
      };
    });

describe('a right-to-left talk', () => {
  it('reads right to left on the phone: slide text, the question, its choices and the explanation', async () => {
    const speakerContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const speaker = await speakerContext.newPage();
    await speaker.goto(`${base}/rtl/speaker/#token=${TOKEN}`);
    await expect.poll(() => speaker.locator('.spk-topbar .aud-badge').innerText()).toBe('LIVE');

    const phoneContext = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const phone = await phoneContext.newPage();
    await phone.goto(`${base}/rtl/join/`);
    await expect.poll(() => phone.locator('.aud-badge').innerText()).toBe('LIVE');

    await speaker.keyboard.press('ArrowRight');
    await expect.poll(() => phone.locator('.aud-card.is-live').getAttribute('data-slide')).toBe('1.0');
    expect(await reading(phone, '.aud-card.is-live .section-opener p:not(.opener-meta)')).toEqual({
      direction: 'rtl',
      right: true,
    });

    await speaker.keyboard.press('ArrowRight');
    await speaker.locator('.spk-poll[data-poll="q1"]').getByRole('button', { name: 'Open voting' }).click();
    const quiz = phone.locator('.aud-card.is-live .aud-quiz');
    await expect.poll(() => quiz.getAttribute('data-phase')).toBe('open');
    expect(await reading(phone, '.aud-card.is-live .aud-quiz-prompt')).toEqual({ direction: 'rtl', right: true });
    // The choice's letter stands on the right, where a right-to-left reader starts.
    const row = await quiz
      .locator('.aud-choice')
      .first()
      .evaluate((button) => ({
        letter: button.querySelector('.aud-choice-letter')!.getBoundingClientRect().x,
        text: button.querySelector('.aud-choice-text')!.getBoundingClientRect().x,
      }));
    expect(row.letter).toBeGreaterThan(row.text);

    await quiz.locator('.aud-choice').first().tap();
    await expect.poll(() => quiz.locator('.aud-quiz-feedback').innerText()).toContain('Saved: A');
    await speaker.locator('.spk-poll[data-poll="q1"]').getByRole('button', { name: 'Reveal answer' }).click();
    await expect.poll(() => quiz.locator('.aud-quiz-feedback').innerText()).toBe('Not quite. The answer is B.');
    expect(await reading(phone, '.aud-card.is-live .aud-quiz-explanation')).toEqual({ direction: 'rtl', right: true });
    // "Why:" keeps its own order inside the Arabic line.
    expect(await quiz.locator('.aud-why').evaluate((e) => getComputedStyle(e).unicodeBidi)).toBe('isolate');

    // The speaker view: notes right to left, the slide's title isolated in the label.
    await speaker.keyboard.press('ArrowLeft');
    await expect
      .poll(() => speaker.locator('.spk-now .spk-slide-label bdi').innerText())
      .toBe('خادم الواجهة هو الباب الوحيد');
    expect(await speaker.locator('.spk-now .spk-slide-label').innerText()).toMatch(/^2\/6 · /);
    expect(await reading(speaker, '.spk-notes-body p')).toEqual({ direction: 'rtl', right: true });
    await speaker.keyboard.press('g');
    expect(await reading(speaker, '.spk-tile[data-slide="1.0"] .spk-tile-title')).toMatchObject({ direction: 'rtl' });
    await speakerContext.close();
    await phoneContext.close();
  });

  it('lays an Arabic table out right to left, first column on the right, on the phone, the projector and the speaker view', async () => {
    const presenter = await room.connect('presenter', { deck: 'rtl' });
    const speakerContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const speaker = await speakerContext.newPage();
    await speaker.goto(`${base}/rtl/speaker/#token=${TOKEN}`);
    const phoneContext = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const phone = await phoneContext.newPage();
    await phone.goto(`${base}/rtl/join/`);
    const projectorContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const projector = await projectorContext.newPage();
    await projector.goto(`${base}/rtl/`);
    await projector.waitForFunction(() => window.Reveal?.isReady());

    // The raw-HTML table: the build gives it its direction, as the phone script would.
    await presenter.call('slide:set', { h: 3, v: 0, f: -1 });
    await expect.poll(() => phone.locator('.aud-card.is-live').getAttribute('data-slide')).toBe('3.0');
    await expect.poll(() => projector.evaluate(() => window.Reveal.getIndices().h)).toBe(3);
    await expect.poll(() => speaker.locator('.spk-now .spk-stage table').count()).toBe(1);
    const rawTable = { direction: 'rtl', firstOnRight: true, rows: 2 };
    expect(await columns(phone, '.aud-card.is-live table')).toEqual(rawTable);
    expect(await columns(projector, '.reveal .slides section.present table')).toEqual(rawTable);
    expect(await columns(speaker, '.spk-now .spk-stage table')).toEqual(rawTable);
    expect(await reading(projector, '.reveal .slides section.present .slide-body > p')).toEqual({
      direction: 'rtl',
      right: true,
    });

    // The Markdown table: on the phone, the projector and the speaker's current slide.
    await presenter.call('slide:set', { h: 4, v: 0, f: -1 });
    await expect.poll(() => phone.locator('.aud-card.is-live').getAttribute('data-slide')).toBe('4.0');
    await expect.poll(() => projector.evaluate(() => window.Reveal.getIndices().h)).toBe(4);
    await expect.poll(() => speaker.locator('.spk-now .spk-stage table').count()).toBe(1);
    const rightToLeft = { direction: 'rtl', firstOnRight: true, rows: 4 };
    expect(await columns(phone, '.aud-card.is-live table')).toEqual(rightToLeft);
    expect(await columns(projector, '.reveal .slides section.present table')).toEqual(rightToLeft);
    expect(await columns(speaker, '.spk-now .spk-stage table')).toEqual(rightToLeft);
    // Each cell still aligns to its own start: the header's Arabic on the right of its column.
    expect(await reading(projector, '.reveal .slides section.present th')).toEqual({ direction: 'rtl', right: true });

    // An English table in the Arabic talk stays left to right.
    await presenter.call('slide:set', { h: 5, v: 0, f: -1 });
    await expect.poll(() => phone.locator('.aud-card.is-live').getAttribute('data-slide')).toBe('5.0');
    await expect.poll(() => projector.evaluate(() => window.Reveal.getIndices().h)).toBe(5);
    await expect.poll(() => speaker.locator('.spk-now .spk-stage h2').innerText()).toBe('kubectl');
    const leftToRight = { direction: 'ltr', firstOnRight: false, rows: 3 };
    expect(await columns(phone, '.aud-card.is-live table')).toEqual(leftToRight);
    expect(await columns(projector, '.reveal .slides section.present table')).toEqual(leftToRight);
    expect(await columns(speaker, '.spk-now .spk-stage table')).toEqual(leftToRight);

    await projectorContext.close();
    await phoneContext.close();
    await speakerContext.close();
    presenter.close();
  });

  it('lays Arabic tables out right to left in the PDF handout, raw HTML and Markdown alike', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.emulateMedia({ media: 'print' });
    await page.goto(`${base}/rtl/?print-pdf`);
    await page.waitForFunction(() => document.querySelectorAll('.pdf-page').length > 0);
    const tables = page.locator('.pdf-page table');
    await expect.poll(() => tables.count()).toBe(3);
    expect(await columns(page, '.pdf-page table >> nth=0')).toEqual({ direction: 'rtl', firstOnRight: true, rows: 2 });
    expect(await columns(page, '.pdf-page table >> nth=1')).toEqual({ direction: 'rtl', firstOnRight: true, rows: 4 });
    expect(await columns(page, '.pdf-page table >> nth=2')).toEqual({ direction: 'ltr', firstOnRight: false, rows: 3 });
    await page.close();
  });

  it('reads right to left on the slide the server draws into the join page, before any script runs', async () => {
    const presenter = await room.connect('presenter', { deck: 'rtl' });
    /** A phone with JavaScript off, joined while the talk is on slide `h`: the card as the server drew it. */
    const servedCard = async (h: number) => {
      await presenter.call('slide:set', { h, v: 0, f: -1 });
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        javaScriptEnabled: false,
      });
      const phone = await context.newPage();
      await phone.goto(`${base}/rtl/join/`);
      // No script has adopted it.
      return { phone, context, card: `.aud-card.is-live.is-served[data-slide="${h}.0"]` };
    };
    // Raw HTML: its blocks and its table get their direction in the card as served.
    const raw = await servedCard(3);
    expect(await raw.phone.locator(raw.card).isVisible()).toBe(true);
    expect(await reading(raw.phone, `${raw.card} .slide-body > p`)).toEqual({ direction: 'rtl', right: true });
    expect(await reading(raw.phone, `${raw.card} th:nth-child(2)`)).toEqual({ direction: 'rtl', right: true });
    expect(await reading(raw.phone, `${raw.card} td:nth-child(2)`)).toEqual({ direction: 'rtl', right: true });
    expect(await columns(raw.phone, `${raw.card} table`)).toEqual({ direction: 'rtl', firstOnRight: true, rows: 2 });
    await raw.context.close();

    // The Markdown table comes from the build with its direction.
    const markdown = await servedCard(4);
    expect(await columns(markdown.phone, `${markdown.card} table`)).toEqual({
      direction: 'rtl',
      firstOnRight: true,
      rows: 4,
    });
    await markdown.context.close();
    presenter.close();
  });
});
