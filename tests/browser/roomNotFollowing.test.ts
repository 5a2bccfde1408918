/**
 * While the server cannot store the slide (here: another program holds a write lock on the data file
 * for longer than the store retries), the projected deck and the speaker view say that the room is
 * not following, the phones stay where they were, and the moment the store works again the speaker's
 * slide goes out and the notice goes away.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowser } from '../helpers/browser.ts';
import { DIST } from '../helpers/build.ts';
import { holdWriteLock } from '../helpers/foreignLock.ts';
import { type Lectern, startLectern } from '../helpers/lectern.ts';

const DECK = 'hello-lectern';
const TOKEN = 'not-following-test-token-0123';
const SHOTS = process.env.LECTERN_SCREENSHOTS;

let browser: Browser;
let room: Lectern;
let base: string;
let desk: BrowserContext;

beforeAll(async () => {
  room = await startLectern({ dist: DIST, token: TOKEN, busyRetryMs: 200, quickCounters: false });
  ({ url: base } = room);
  browser = await startBrowser();
});

afterAll(async () => {
  await browser?.close();
  await room?.close();
});

const deckSlide = (page: Page) =>
  page.evaluate(() => document.querySelector('section.slide.present')?.getAttribute('data-slide') ?? null);
const phoneLive = (page: Page) =>
  page.evaluate(() => document.querySelector('.aud-card.is-live')?.getAttribute('data-slide') ?? null);
const noticeShown = (page: Page) =>
  page.evaluate(() => {
    const notice = document.querySelector<HTMLElement>('.room-not-following');
    return notice !== null && !notice.hidden && notice.innerText.includes('The room is not following');
  });
const poll = { timeout: 10_000, interval: 50 };

describe('the room is not following', () => {
  it('shows on the projector and the speaker view while the slide cannot be stored, and clears once it can', async () => {
    desk = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const speaker = await desk.newPage();
    await speaker.goto(`${base}/${DECK}/speaker/#token=${TOKEN}`);
    await expect
      .poll(
        () => speaker.evaluate(() => document.querySelector('.spk-topbar .aud-badge')?.getAttribute('data-state')),
        poll,
      )
      .toBe('live');
    const [deck] = await Promise.all([
      desk.waitForEvent('page'),
      speaker.getByRole('button', { name: 'Open the projector deck' }).click(),
    ]);
    await deck.setViewportSize({ width: 1280, height: 720 });
    await deck.waitForFunction(() => window.Reveal?.isReady());
    await expect.poll(() => deck.evaluate(() => document.body.dataset.liveConnection), poll).toBe('live');

    const phoneContext = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const phone = await phoneContext.newPage();
    await phone.goto(`${base}/${DECK}/join/`);
    await expect.poll(() => phoneLive(phone), poll).toBe('0.0');
    expect(await noticeShown(deck)).toBe(false);

    const lock = await holdWriteLock(room.dataFile);
    await deck.keyboard.press('ArrowRight');
    await expect.poll(() => noticeShown(deck), poll).toBe(true);
    await expect.poll(() => noticeShown(speaker), poll).toBe(true);
    // The deck stays where the speaker put it; the phones stay where the server says the talk is.
    expect(await deckSlide(deck)).toBe('1.0');
    expect(await phoneLive(phone)).toBe('0.0');
    if (SHOTS) {
      await deck.screenshot({ path: path.join(SHOTS, 'not-following-projector.png') });
      await speaker.screenshot({ path: path.join(SHOTS, 'not-following-speaker.png') });
    }

    await lock.release();
    await expect.poll(() => phoneLive(phone), poll).toBe('1.0');
    await expect.poll(() => noticeShown(deck), poll).toBe(false);
    await expect.poll(() => noticeShown(speaker), poll).toBe(false);
    expect(await deckSlide(deck)).toBe('1.0');
    await phoneContext.close();
    await desk.close();
  });
});
