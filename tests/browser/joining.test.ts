/**
 * How a phone finds its way in: the chooser at `/join/` (the QR code with several decks), and the
 * projector URL opened on a phone, which offers the phone page instead of counting the phone.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowser } from '../helpers/browser.ts';
import { DIST } from '../helpers/build.ts';
import { type Lectern, startLectern } from '../helpers/lectern.ts';

const TOKEN = 'joining-test-token-0123456789';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;

let browser: Browser;
let room: Lectern;
let base: string;

beforeAll(async () => {
  room = await startLectern({ dist: DIST, token: TOKEN });
  ({ url: base } = room);
  browser = await startBrowser();
});

afterAll(async () => {
  await browser?.close();
  await room?.close();
});

/** The audience count the presenter sees on connecting. */
async function phonesOn(deck: string): Promise<number> {
  const reader = await room.connect('presenter', { deck, clientId: 'count-reader-0001' });
  reader.close();
  return reader.snapshot.audience;
}

describe('joining from a phone', () => {
  it('the chooser at /join/ lists every deck, each linking to its phone page', async () => {
    const page = await (await browser.newContext(PHONE)).newPage();
    await page.goto(`${base}/join/`);
    const choices = page.locator('a.join-choice');
    expect(await choices.count()).toBe(2);
    expect(await choices.locator('.join-title').allInnerTexts()).toEqual([
      'Advanced Kubernetes & the machinery underneath',
      'Hello, lectern',
    ]);
    await choices.nth(1).tap();
    await page.waitForURL(`${base}/hello-lectern/join/`);
    await expect.poll(() => page.locator('.aud-badge').innerText(), { timeout: 10_000 }).toBe('LIVE');
    await page.context().close();
  });

  it('a phone on the projector URL is offered the phone page and is not counted until it chooses', async () => {
    const page = await (await browser.newContext(PHONE)).newPage();
    const sessions: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/socket.io/')) sessions.push(request.url());
    });
    page.on('websocket', (socket) => sessions.push(socket.url()));
    await page.goto(`${base}/advanced-kubernetes/`);
    const offer = page.locator('.lectern-phone-offer');
    await expect.poll(() => offer.isVisible(), { timeout: 10_000 }).toBe(true);
    // The sentinel: the page has gone quiet (no request for 500 ms, Playwright's `networkidle`), so
    // whatever it was going to open it has opened; it opened no socket.io session and no WebSocket.
    await page.waitForLoadState('networkidle');
    expect(sessions).toEqual([]);
    expect(await phonesOn('advanced-kubernetes')).toBe(0);

    await offer.getByRole('link', { name: 'Open the phone page' }).tap();
    await page.waitForURL(`${base}/advanced-kubernetes/join/`);
    await expect.poll(() => page.locator('.aud-badge').innerText(), { timeout: 10_000 }).toBe('LIVE');
    await expect.poll(() => phonesOn('advanced-kubernetes')).toBe(1);
    await page.context().close();
  });

  it('the projector on a laptop gets no offer, and a phone may stay on the projected slides', async () => {
    const laptop = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await laptop.goto(`${base}/hello-lectern/`);
    await laptop.waitForFunction(() => document.body.classList.contains('lectern-live'));
    expect(await laptop.locator('.lectern-phone-offer').count()).toBe(0);
    await laptop.context().close();

    const phone = await (await browser.newContext(PHONE)).newPage();
    await phone.goto(`${base}/hello-lectern/`);
    await phone.getByRole('button', { name: 'Stay on the projected slides' }).tap();
    await phone.waitForFunction(() => document.body.classList.contains('lectern-live'));
    expect(await phone.locator('.lectern-phone-offer').count()).toBe(0);
    await phone.context().close();
  });
});
