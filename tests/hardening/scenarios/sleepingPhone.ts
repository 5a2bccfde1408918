/**
 * A phone (Chromium, phone viewport) falls asleep for 60 s while the speaker moves through four
 * slides and opens the poll. Asleep means, as on a real phone: the page is told it is hidden, its radio
 * is off (a relay stops carrying its bytes, which wait in the kernel), and its scripts are frozen (no
 * timer, no event; the server gets no pong and drops it after its ping timeout). Woken, it must show the
 * current slide, with the poll open, within 1 s.
 *
 * Frozen with the DevTools debugger (`Debugger.pause`): `Page.setWebLifecycleState` accepts "frozen"
 * on a visible headless page but freezes nothing (a 100 ms interval ticked 30 times in 3 s).
 */
import type { Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { startBrowser } from '../../helpers/browser.ts';
import { startRoomServer } from '../../helpers/roomServer.ts';
import { type Figure, ms, recordFigure } from '../harness/figures.ts';
import { startSleepyLink } from '../harness/sleepyLink.ts';

const DECK = 'hello-lectern';
const ASLEEP_MS = 60_000;
const WAKE_LIMIT_MS = 1000;
/** Where the speaker goes while the phone sleeps, and when (ms after it fell asleep). */
const MOVES = [
  { at: 5_000, slide: { h: 2, v: 0, f: -1 } },
  { at: 20_000, slide: { h: 5, v: 0, f: -1 } },
  { at: 40_000, slide: { h: 8, v: 0, f: -1 } },
  { at: 55_000, slide: { h: 9, v: 0, f: -1 } },
];

export interface SleepResult {
  figure: Figure;
  wakeMs: number;
}

export async function sleepingPhone(): Promise<SleepResult> {
  const server = await startRoomServer();
  // The phone reaches the server through a link whose radio goes off while it sleeps.
  const link = await startSleepyLink(server.base);
  const browser = await startBrowser();
  const presenter = io(server.base, {
    auth: { deck: DECK, role: 'presenter', clientId: 'presenter-sleep-01', token: server.token },
    transports: ['websocket'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phone = await context.newPage();
    await phone.goto(`${link.url}/${DECK}/join/`);
    const live = () =>
      phone
        .locator('.aud-card.is-live')
        .getAttribute('data-slide', { timeout: 200 })
        .catch(() => null);
    const waitFor = async (expected: string, limitMs: number) => {
      const start = performance.now();
      while (performance.now() - start < limitMs) {
        if ((await live()) === expected) return performance.now() - start;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return Infinity;
    };
    await presenter.emitWithAck('slide:set', { h: 1, v: 0, f: -1 });
    if ((await waitFor('1.0', 10_000)) === Infinity) throw new Error('the phone never followed to 1.0 while awake');

    const cdp = await context.newCDPSession(phone);
    await setVisibility(phone, 'hidden');
    link.sleep();
    await cdp.send('Debugger.enable');
    await cdp.send('Debugger.pause');
    const asleep = Date.now();
    for (const move of MOVES) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, asleep + move.at - Date.now())));
      await presenter.emitWithAck('slide:set', move.slide);
    }
    await presenter.emitWithAck('poll:open', { pollId: 'q1' });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, asleep + ASLEEP_MS - Date.now())));
    const droppedWhileAsleep = server.app.decks.get(DECK)!.talk.audience === 0;

    link.wake();
    await cdp.send('Debugger.resume');
    await setVisibility(phone, 'visible');
    const wakeMs = await waitFor('9.0', 5000);
    const pollOpen = await phone
      .locator('.aud-card[data-slide="9.0"] .aud-choice')
      .first()
      .isEnabled()
      .catch(() => false);
    const pass = wakeMs <= WAKE_LIMIT_MS && pollOpen;
    const figure = recordFigure({
      item: '4. Sleeping phone',
      mode: 'SQLite',
      rule: 'asleep 60 s while the slides move: current slide within 1 s of waking',
      measured:
        `frozen 60 s over 4 slide moves and a poll opening (${droppedWhileAsleep ? 'server had dropped it' : 'socket still open'}): ` +
        `current slide ${wakeMs === Infinity ? 'not shown within 5 s' : `after ${ms(wakeMs)}`}, poll ${pollOpen ? 'open' : 'NOT open'}`,
      pass,
    });
    return { figure, wakeMs };
  } finally {
    presenter.disconnect();
    await browser.close();
    await link.close();
    await server.close();
  }
}

/**
 * What the phone's OS tells the page when the screen goes off and on. Headless Chromium has no screen
 * to switch off, so the page's `visibilityState` is set and the event dispatched by hand.
 */
async function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  await page.evaluate((value) => {
    Object.defineProperty(document, 'visibilityState', { value, configurable: true });
    Object.defineProperty(document, 'hidden', { value: value === 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}
