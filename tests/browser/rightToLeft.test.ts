/**
 * A talk written in Arabic, on the phone and in the speaker view: its text reads and aligns right to
 * left, each run isolated from the page's own words. A small deck is built for the test (no diagram,
 * so no browser is needed to build it) and served by the real server.
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
    expect(await speaker.locator('.spk-now .spk-slide-label').innerText()).toMatch(/^2\/4 · /);
    expect(await reading(speaker, '.spk-notes-body p')).toEqual({ direction: 'rtl', right: true });
    await speaker.keyboard.press('g');
    expect(await reading(speaker, '.spk-tile[data-slide="1.0"] .spk-tile-title')).toMatchObject({ direction: 'rtl' });
    await speakerContext.close();
    await phoneContext.close();
  });

  it('reads right to left on the slide the server draws into the join page, before any script runs', async () => {
    const presenter = await room.connect('presenter', { deck: 'rtl' });
    // Raw HTML: blocks the Markdown compiler gives no direction of their own, as the phone script does.
    await presenter.call('slide:set', { h: 3, v: 0, f: -1 });
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      javaScriptEnabled: false,
    });
    const phone = await context.newPage();
    await phone.goto(`${base}/rtl/join/`);
    // The card as the server drew it: no script has adopted it.
    const card = '.aud-card.is-live.is-served[data-slide="3.0"]';
    expect(await phone.locator(card).isVisible()).toBe(true);
    expect(await reading(phone, `${card} .slide-body > p`)).toEqual({ direction: 'rtl', right: true });
    expect(await reading(phone, `${card} th:nth-child(2)`)).toEqual({ direction: 'rtl', right: true });
    expect(await reading(phone, `${card} td:nth-child(2)`)).toEqual({ direction: 'rtl', right: true });
    await context.close();
    presenter.close();
  });
});
