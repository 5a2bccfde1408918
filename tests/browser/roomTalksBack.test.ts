/**
 * The room talking back, end to end in Chromium: the real server on the built decks, a speaker view,
 * the projected deck it opens, and three phones. Questions (refusals on the phone, hostile text shown
 * as text everywhere, upvotes, the projector's Q overlay), "lost me" (the speaker's gauge, never the
 * projector), reactions (a burst on the projector) and the pointer (the same spot on the projector).
 *
 * With `LECTERN_SCREENSHOTS=<folder>` it also saves what each screen looks like.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowser } from '../helpers/browser.ts';
import { DIST } from '../helpers/build.ts';
import { type Lectern, startLectern } from '../helpers/lectern.ts';

const DECK = 'hello-lectern';
const TOKEN = 'room-talk-token-0123456789';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;
const SHOTS = process.env.LECTERN_SCREENSHOTS;
/** Markup, a bidi override and an astral character: it must arrive as exactly this text, inert. */
const HOSTILE = '\u202E<img src=x onerror="window.__xss=1">🤯 𝒳 is it safe?';
const SHOWN = '<img src=x onerror="window.__xss=1">🤯 𝒳 is it safe?';

let browser: Browser;
let room: Lectern;
let desk: BrowserContext;
let speaker: Page;
let projector: Page;
const phones: Page[] = [];

const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
};
const noInjection = (page: Page) =>
  page.evaluate(() => ({
    xss: (window as { __xss?: number }).__xss ?? 0,
    images: document.querySelectorAll('img[src="x"]').length,
  }));

/** Waits until `read` gives `expected` (for the set-up, where `expect.poll` is not allowed). */
async function until(read: () => Promise<unknown>, expected: unknown): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await read()) !== expected) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(expected)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  room = await startLectern({ dist: DIST, token: TOKEN, statsIntervalMs: 100, audienceStatsIntervalMs: 200 });
  browser = await startBrowser();
  desk = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  speaker = await desk.newPage();
  await speaker.goto(`${room.url}/${DECK}/speaker/#token=${TOKEN}`);
  await until(() => speaker.locator('.spk-topbar .aud-badge').innerText(), 'LIVE');
  const [popup] = await Promise.all([
    desk.waitForEvent('page'),
    speaker.getByRole('button', { name: 'Open the projector deck' }).click(),
  ]);
  projector = popup;
  await projector.setViewportSize({ width: 1280, height: 720 });
  await until(() => projector.evaluate(() => document.body.dataset.liveConnection), 'live');
  for (let i = 0; i < 3; i += 1) {
    const page = await (await browser.newContext(PHONE)).newPage();
    await page.goto(`${room.url}/${DECK}/join/`);
    await until(() => page.evaluate(() => document.body.dataset.connection), 'live');
    phones.push(page);
  }
  // To the second slide, where the room can be lost.
  await speaker.getByRole('button', { name: 'Next' }).click();
  await until(() => phones[0]!.locator('.aud-card.is-live').getAttribute('data-slide'), '1.0');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await room?.close();
});

describe('the room talks back: speaker view, projector and three phones', () => {
  it('refuses an empty and a 281-character question on the phone, saying why', async () => {
    const phone = phones[0]!;
    await phone.getByRole('button', { name: /Questions/ }).click();
    const box = phone.getByLabel('Your question');
    await box.fill('   \u200B  ');
    await phone.getByRole('button', { name: 'Ask', exact: true }).click();
    await expect.poll(() => phone.locator('.aud-ask-feedback').innerText()).toBe('Write your question first.');
    await box.fill('😀'.repeat(281));
    await expect.poll(() => phone.locator('.aud-ask-count').innerText()).toBe('281/280');
    await phone.getByRole('button', { name: 'Ask', exact: true }).click();
    await expect
      .poll(() => phone.locator('.aud-ask-feedback').innerText())
      .toBe('That is too long: 280 characters at most.');
    // Nothing reached the server.
    expect(room.app.decks.get(DECK)!.talk.questions.size).toBe(0);
  });

  it('shows a hostile question as plain text on every phone, the speaker view and the projector', async () => {
    const [asker, voter, third] = phones as [Page, Page, Page];
    await asker.getByLabel('Your question').fill(HOSTILE);
    await asker.getByLabel('Your name').fill('<b>Ana</b>');
    await asker.getByRole('button', { name: 'Ask', exact: true }).click();
    await expect.poll(() => asker.locator('.aud-ask-feedback').innerText()).toBe('Sent. Thank you!');
    await asker.getByLabel('Your question').fill('How does the pointer reach the phones?');
    await asker.getByRole('button', { name: 'Ask', exact: true }).click();

    await voter.getByRole('button', { name: /Questions/ }).click();
    await expect.poll(() => voter.locator('.aud-question-text').allInnerTexts()).toContain(SHOWN);
    await voter
      .locator('.aud-question', { hasText: 'is it safe' })
      .getByRole('button', { name: /Upvote/ })
      .click();
    await expect.poll(() => voter.locator('.aud-upvote.is-voted').count()).toBe(1);
    await third.getByRole('button', { name: /Questions/ }).click();
    await third
      .locator('.aud-question', { hasText: 'is it safe' })
      .getByRole('button', { name: /Upvote/ })
      .click();

    // The speaker view lists them by votes, the hostile one first with its two upvotes.
    await expect.poll(() => speaker.locator('.spk-q-text').first().innerText()).toBe(SHOWN);
    await expect.poll(() => speaker.locator('.spk-q-votes').first().innerText()).toMatch(/2$/);
    expect(await speaker.locator('.spk-q-meta bdi').first().innerText()).toBe('<b>Ana</b>');

    // The projector's Q overlay.
    await projector.keyboard.press('q');
    await expect.poll(() => projector.locator('.questions-text').first().innerText()).toBe(SHOWN);
    await shot(projector, 'projector-questions');
    for (const page of [speaker, projector, ...phones]) expect(await noInjection(page)).toEqual({ xss: 0, images: 0 });
    await projector.keyboard.press('q');

    // Answered leaves the projector; hidden leaves the phones.
    await speaker.locator('.spk-question', { hasText: 'pointer' }).getByRole('button', { name: 'Hide' }).click();
    await expect.poll(() => voter.locator('.aud-question-text').allInnerTexts()).toEqual([SHOWN]);
    await shot(phones[1]!, 'phone-questions');
  });

  it('shows "lost me" as a quiet gauge on the speaker view, never on the projector', async () => {
    for (const phone of phones) {
      if (await phone.locator('.aud-sheet').isVisible())
        await phone.getByRole('button', { name: 'Back to the slides' }).click();
    }
    await phones[0]!.getByRole('button', { name: /lost you/ }).click();
    await phones[1]!.getByRole('button', { name: /lost you/ }).click();
    await expect.poll(() => phones[0]!.locator('.aud-lost').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => speaker.locator('.spk-lost-label').innerText()).toBe('lost: 2 · 67%');
    // Taken back on one phone.
    await phones[1]!.getByRole('button', { name: /take it back/ }).click();
    await expect.poll(() => speaker.locator('.spk-lost-label').innerText()).toBe('lost: 1 · 33%');
    expect(await projector.locator('.spk-lost, .aud-lost').count()).toBe(0);
    expect(await projector.locator('body').innerText()).not.toContain('lost');
    await shot(phones[0]!, 'phone-dock');
  });

  it('draws reactions as a burst on the projector', async () => {
    // Every emoji the projector draws, though each floats away after two seconds.
    await projector.evaluate(() => {
      const drawn: string[] = [];
      (window as unknown as { __drawn: string[] }).__drawn = drawn;
      new MutationObserver((records) => {
        for (const r of records) for (const node of r.addedNodes) drawn.push(node.textContent ?? '');
      }).observe(document.querySelector('.lectern-reactions')!, { childList: true });
    });
    const drawn = () => projector.evaluate(() => (window as unknown as { __drawn: string[] }).__drawn);
    await Promise.all(
      phones.flatMap((phone, i) => [
        phone.getByRole('button', { name: 'Applause' }).click(),
        phone.getByRole('button', { name: ['Funny', 'Mind blown', 'Love it'][i]! }).click(),
      ]),
    );
    // Six taps reach the projector in one or two 250 ms windows; on a busy machine the second may come
    // after vitest's default second of polling.
    await expect.poll(async () => (await drawn()).length, { timeout: 5000 }).toBeGreaterThanOrEqual(4);
    expect(await drawn()).toContain('👏');
    // Drawn in colour by the bundled emoji font where the system has none.
    await expect
      .poll(() => projector.evaluate(() => document.fonts.check('24px "Lectern Reactions"', '👏')))
      .toBe(true);
  });

  it('puts the speaker’s laser dot on the same spot of the projector and the phones', async () => {
    const stage = speaker.locator('.spk-now .spk-stage');
    const box = (await stage.boundingBox())!;
    await speaker.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4);
    await speaker.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 5 });
    const dotAt = async (page: Page, frame: string) =>
      page.evaluate((selector) => {
        const dot = document.querySelector<HTMLElement>('.lectern-pointer-dot');
        const area = dot?.closest(selector)?.getBoundingClientRect();
        if (!dot || dot.hidden || !area) return null;
        const spot = dot.getBoundingClientRect();
        const x = (spot.left + spot.width / 2 - area.left) / area.width;
        const y = (spot.top + spot.height / 2 - area.top) / area.height;
        return [Math.round(x * 100), Math.round(y * 100)];
      }, frame);
    await expect.poll(() => dotAt(projector, '.slides')).toEqual([60, 50]);
    await expect.poll(() => dotAt(phones[2]!, '.reveal')).toEqual([60, 50]);
    // A reaction burst and the dot together, for the projector's picture.
    await phones[0]!.getByRole('button', { name: 'Love it' }).click();
    await phones[1]!.getByRole('button', { name: 'Applause' }).click();
    await projector.waitForTimeout(400);
    await shot(projector, 'projector-pointer');
    // With Shift held it draws; a slide change takes the stroke away.
    await speaker.keyboard.down('Shift');
    await speaker.mouse.down();
    await speaker.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.7, { steps: 8 });
    await speaker.mouse.up();
    await speaker.keyboard.up('Shift');
    await expect.poll(() => projector.locator('.lectern-pointer-stroke').count()).toBe(1);
    await shot(speaker, 'speaker');
    await speaker.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => projector.locator('.lectern-pointer-stroke').count()).toBe(0);
  });

  it('draws with a finger from a tablet as the speaker view, with the Pen switch', async () => {
    const tablet = await browser.newContext({ viewport: { width: 820, height: 1180 }, isMobile: true, hasTouch: true });
    const page = await tablet.newPage();
    await page.goto(`${room.url}/${DECK}/speaker/#token=${TOKEN}`);
    await expect.poll(() => page.locator('.spk-topbar .aud-badge').innerText()).toBe('LIVE');
    await page.getByRole('button', { name: 'Pen', exact: true }).click();
    const stage = page.locator('.spk-now .spk-stage');
    const box = (await stage.boundingBox())!;
    const touch = (type: string, x: number, y: number) =>
      stage.dispatchEvent(type, {
        pointerType: 'touch',
        pointerId: 7,
        isPrimary: true,
        buttons: type === 'pointerup' ? 0 : 1,
        clientX: box.x + box.width * x,
        clientY: box.y + box.height * y,
      });
    const before = await projector.locator('.lectern-pointer-stroke').count();
    await touch('pointerdown', 0.2, 0.2);
    for (let step = 1; step <= 6; step += 1) {
      await touch('pointermove', 0.2 + step * 0.05, 0.2 + step * 0.04);
      await page.waitForTimeout(40);
    }
    await touch('pointerup', 0.5, 0.44);
    await expect.poll(() => projector.locator('.lectern-pointer-stroke').count()).toBe(before + 1);
    await expect
      .poll(() => phones[0]!.locator('.lectern-pointer-stroke').count(), { timeout: 3000 })
      .toBeGreaterThanOrEqual(1);
    await shot(page, 'tablet-speaker');
    await tablet.close();
  });
});
