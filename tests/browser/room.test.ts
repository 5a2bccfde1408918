/**
 * The room, end to end in one Chromium: the real server on the built decks, a speaker view, the
 * projected deck it opens, and three phones (mobile viewport, touch). The steps build on each other,
 * as in a talk; assertions are on what a person sees.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../server/app.ts';
import { afterFrames, scrollYAtRest, startBrowser } from '../helpers/browser.ts';
import { DIST } from '../helpers/build.ts';
import { dropPhone } from '../helpers/dropPhone.ts';
import { type Lectern, startLectern } from '../helpers/lectern.ts';
import { serveDist } from '../helpers/staticServer.ts';

const DECK = 'hello-lectern';
const TOKEN = 'room-test-token-0123456789';
/** The bar: phones follow "within a second". */
const FOLLOW_MS = 1000;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;

let browser: Browser;
let app: App;
let room: Lectern;
let base: string;
let desk: BrowserContext;
let speaker: Page;
let deck: Page;
/** Everything the projected deck's socket received, WebSocket frames and long-polling responses alike. */
const deckReceived: string[] = [];
const phones: { context: BrowserContext; page: Page }[] = [];

beforeAll(async () => {
  room = await startLectern({ dist: DIST, token: TOKEN, quickCounters: false });
  ({ url: base, app } = room);
  browser = await startBrowser();
});

afterAll(async () => {
  await browser?.close();
  await room?.close();
});

// ---------------------------------------------------------------- what a person sees

/** The slide the projector shows, as `h.v`. */
const deckSlide = (page: Page) => page.locator('section.slide.present').getAttribute('data-slide');
/** The slide a phone marks live. */
const phoneLive = (page: Page) => page.locator('.aud-card.is-live').getAttribute('data-slide');
/** Whether the phone's live slide is on screen (below the sticky header). */
const liveOnScreen = (page: Page) =>
  page.locator('.aud-card.is-live').evaluate((card) => {
    const rect = card.getBoundingClientRect();
    const header = document.querySelector('.aud-bar')?.getBoundingClientRect().bottom ?? 0;
    return rect.top < innerHeight - 40 && rect.bottom > header + 40;
  });
const text = (locator: Locator) => locator.innerText();
const choice = (page: Page, index: number) =>
  page.locator(`.aud-card[data-slide="9.0"] .aud-choice[data-choice="${index}"]`);

async function everyPhone(
  check: (page: Page) => Promise<unknown>,
  expected: unknown,
  timeout = FOLLOW_MS,
): Promise<void> {
  await Promise.all(
    phones.map(({ page }) => expect.poll(() => check(page), { timeout, interval: 50 }).toEqual(expected)),
  );
}

async function openPhone(): Promise<Page> {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${base}/${DECK}/join/`);
  phones.push({ context, page });
  return page;
}

describe('the room: speaker view, projected deck and three phones', () => {
  it('opens the speaker view with the token, which leaves the address bar, and opens the projector deck from it', async () => {
    desk = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    speaker = await desk.newPage();
    await speaker.goto(`${base}/${DECK}/speaker/#token=${TOKEN}`);
    await expect.poll(() => text(speaker.locator('.spk-topbar .aud-badge'))).toBe('LIVE');
    expect(speaker.url()).toBe(`${base}/${DECK}/speaker/`);

    const [popup] = await Promise.all([
      desk.waitForEvent('page'),
      speaker.getByRole('button', { name: 'Open the projector deck' }).click(),
    ]);
    deck = popup;
    deck.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => deckReceived.push(String(payload))));
    deck.on('response', async (response) => {
      if (response.url().includes('/socket.io/')) deckReceived.push(await response.text().catch(() => ''));
    });
    await deck.setViewportSize({ width: 1280, height: 720 });
    await deck.waitForFunction(() => window.Reveal?.isReady());
    expect(deck.url()).not.toContain('token');
    await expect.poll(() => deck.locator('.lectern-audience-count').isVisible()).toBe(true);
    // It drives the slides with the token, as the projector: the server sends it what a screen may show.
    expect(await deck.locator('body').getAttribute('data-live-role')).toBe('projector');
    expect(await deckSlide(deck)).toBe('0.0');
    // The title slide carries the way in: a QR code from the server and the short address.
    const corner = deck.locator('section.present .lectern-join-corner');
    await expect
      .poll(async () => (await text(corner.locator('.join-corner-url'))).replaceAll('\u200b', ''))
      .toBe(`127.0.0.1:${new URL(base).port}/${DECK}/join`);
    expect(await corner.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(
      true,
    );
  });

  it('counts three phones on the deck and the speaker view', async () => {
    await Promise.all([openPhone(), openPhone(), openPhone()]);
    await everyPhone((page) => text(page.locator('.aud-badge')), 'LIVE', 10_000);
    await everyPhone(phoneLive, '0.0', 5000);
    await expect.poll(() => text(deck.locator('.audience-count-number'))).toBe('3');
    await expect.poll(() => text(speaker.locator('.spk-audience'))).toBe('3 phones');
  });

  it('J shows the join overlay with the QR code and the short address', async () => {
    await deck.keyboard.press('j');
    const overlay = deck.locator('.lectern-join-overlay');
    await expect.poll(() => overlay.isVisible()).toBe(true);
    expect(await text(overlay.locator('.join-url'))).toContain(`/${DECK}/join`);
    await deck.keyboard.press('j');
    await expect.poll(() => overlay.isVisible()).toBe(false);
  });

  it('the presenter moves the deck and the phones follow within a second', async () => {
    await deck.keyboard.press('ArrowRight');
    expect(await deckSlide(deck)).toBe('1.0');
    await everyPhone(phoneLive, '1.0');
    await everyPhone(liveOnScreen, true);
    // The speaker view follows the deck too.
    await expect.poll(() => text(speaker.locator('.spk-now .spk-stage h2'))).toContain('Slides are Markdown');

    // And the speaker view's own Next drives the deck and the phones.
    await speaker.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => deckSlide(deck), { timeout: FOLLOW_MS }).toBe('1.1');
    await everyPhone(phoneLive, '1.1');
  });

  it('follows fragments: the live slide shows only what the speaker has revealed', async () => {
    await speaker.keyboard.press('ArrowRight'); // 2.0, code steps
    await speaker.keyboard.press('ArrowRight');
    await speaker.keyboard.press('ArrowRight');
    await speaker.keyboard.press('ArrowRight'); // 3.0, no fragment shown yet
    await speaker.keyboard.press('ArrowRight'); // 3.0, first list item
    await expect.poll(() => deckSlide(deck), { timeout: FOLLOW_MS }).toBe('3.0');
    await expect.poll(() => deck.locator('section.present .fragment.visible').count()).toBe(1);
    const phone = phones[0]!.page;
    await expect
      .poll(() =>
        phone
          .locator('.aud-card.is-live li.fragment')
          // Seen: laid out and not under a cover (the next item waits under one, its words unseen).
          .evaluateAll((items) =>
            items.map((li) => {
              const cover = getComputedStyle(li, '::after');
              const covered = cover.content !== 'none' && Number(cover.opacity) > 0.5;
              return (li as HTMLElement).offsetHeight > 0 && Number(getComputedStyle(li).opacity) > 0.9 && !covered;
            }),
          ),
      )
      .toEqual([true, false, false]);
    // The speaker view's next step is the same slide with one more item.
    expect(await text(speaker.locator('.spk-next .spk-slide-label'))).toBe('next fragment');
  });

  it('a phone scrolls back through earlier slides, is left alone, then taps "back to live"', async () => {
    const phone = phones[0]!.page;
    await expect.poll(() => liveOnScreen(phone)).toBe(true);
    const button = phone.getByRole('button', { name: /back to live/i });
    expect(await button.isVisible()).toBe(false);
    // A finger drags the feed down to see an earlier slide.
    await phone.locator('.aud-card[data-slide="0.0"]').scrollIntoViewIfNeeded();
    await phone.mouse.wheel(0, -2000);
    await expect.poll(() => liveOnScreen(phone)).toBe(false);
    await expect.poll(() => button.isVisible()).toBe(true);
    expect(await phone.locator('.aud-card[data-slide="1.0"]').isVisible()).toBe(true);

    // The talk moves on; the phone that wandered stays where its reader is: once it has drawn the
    // move (its live card is 3.0) and a few frames since, it has not scrolled.
    const scrollBefore = await scrollYAtRest(phone);
    await speaker.keyboard.press('ArrowRight');
    await everyPhone(phoneLive, '3.0');
    await afterFrames(phone);
    expect(await phone.evaluate(() => scrollY)).toBe(scrollBefore);
    expect(await liveOnScreen(phone)).toBe(false);

    await button.tap();
    await expect.poll(() => liveOnScreen(phone)).toBe(true);
    await expect.poll(() => button.isVisible()).toBe(false);
  });

  it('the speaker view opens the poll and the phones show the question at once', async () => {
    await speaker.keyboard.press('End'); // the rating slide
    await speaker.keyboard.press('ArrowLeft'); // the quiz slide
    await expect.poll(() => deckSlide(deck), { timeout: FOLLOW_MS }).toBe('9.0');
    await everyPhone(phoneLive, '9.0');
    await everyPhone((page) => choice(page, 0).isDisabled(), true);

    const poll = speaker.locator('.spk-poll[data-poll="q1"]');
    await poll.getByRole('button', { name: 'Open voting' }).click();
    await everyPhone(
      (page) => text(page.locator('.aud-card[data-slide="9.0"] .aud-quiz-status')),
      'Poll open · tap your answer',
    );
    await everyPhone((page) => choice(page, 1).isEnabled(), true);
    await everyPhone(
      (page) => text(page.locator('.aud-card[data-slide="9.0"] .aud-quiz-prompt')),
      'Which component is the only one that reads and writes etcd?',
    );
    await expect.poll(() => text(deck.locator('.lectern-quiz[data-poll="q1"] .quiz-status'))).toContain('Poll open');
  });

  it('the phones vote, see "saved" once acknowledged, and the counts reach the speaker view and the deck', async () => {
    const [one, two, three] = phones.map((p) => p.page) as [Page, Page, Page];
    await choice(one, 1).tap(); // right
    await choice(two, 0).tap(); // wrong
    await choice(three, 1).tap();
    for (const [page, index] of [
      [one, 1],
      [two, 0],
      [three, 1],
    ] as const) {
      await expect.poll(() => text(choice(page, index).locator('.aud-choice-mark'))).toBe('✓ SAVED');
    }
    // Changeable until the poll closes.
    await choice(three, 2).tap(); // wrong, in the end
    await expect.poll(() => choice(three, 2).getAttribute('aria-pressed')).toBe('true');
    expect(await choice(three, 1).getAttribute('aria-pressed')).toBe('false');
    await expect
      .poll(() => text(three.locator('.aud-card[data-slide="9.0"] .aud-quiz-feedback')))
      .toContain('Saved: C');

    const bars = speaker.locator('.spk-poll[data-poll="q1"] .spk-bar-count');
    await expect.poll(() => bars.allInnerTexts()).toEqual(['1', '1', '1', '0']);
    expect(await text(speaker.locator('.spk-poll[data-poll="q1"] .spk-voters'))).toBe('3 ANSWERS');
    await expect.poll(() => text(deck.locator('.lectern-quiz[data-poll="q1"] .quiz-status'))).toContain('3 answers');

    // The room sees no bars until the speaker shows them.
    const quiz = deck.locator('.lectern-quiz[data-poll="q1"]');
    expect(await quiz.evaluate((el) => el.classList.contains('has-bars'))).toBe(false);
    expect(await quiz.locator('.quiz-share').allInnerTexts()).toEqual(['', '', '', '']);
    expect(await one.locator('.aud-card[data-slide="9.0"] .aud-choice-share').allInnerTexts()).toEqual([
      '',
      '',
      '',
      '',
    ]);

    await speaker.locator('.spk-poll[data-poll="q1"]').getByRole('button', { name: 'Show bars' }).click();
    await expect.poll(() => quiz.locator('.quiz-share').allInnerTexts()).toEqual(['33%', '33%', '33%', '0%']);
    await expect
      .poll(() =>
        quiz
          .locator('.quiz-choice')
          .nth(0)
          .evaluate((li) => li.querySelector<HTMLElement>('.quiz-bar')!.offsetWidth > 0),
      )
      .toBe(true);
    await everyPhone(
      (page) => page.locator('.aud-card[data-slide="9.0"] .aud-choice-share').allInnerTexts(),
      ['33%', '33%', '33%', '0%'],
    );
    // The projector draws the bars, yet its socket never held the answer key: it comes at the reveal.
    expect(deckReceived.some((message) => message.includes('"tally"') || message.includes('"tallies":{"q1"'))).toBe(
      true,
    );
    expect(deckReceived.filter((message) => /"answer"|"explanation"|client of the API server/.test(message))).toEqual(
      [],
    );
  });

  it('the reveal tells each phone right or wrong, with the right answer, the explanation and the bars', async () => {
    const [one, two, three] = phones.map((p) => p.page) as [Page, Page, Page];
    await speaker.locator('.spk-poll[data-poll="q1"]').getByRole('button', { name: 'Reveal answer' }).click();
    const feedback = (page: Page) => text(page.locator('.aud-card[data-slide="9.0"] .aud-quiz-feedback'));
    await expect.poll(() => feedback(one), { timeout: FOLLOW_MS }).toBe('Right! Well done.');
    await expect.poll(() => feedback(two), { timeout: FOLLOW_MS }).toBe('Not quite. The answer is B.');
    await expect.poll(() => feedback(three), { timeout: FOLLOW_MS }).toBe('Not quite. The answer is B.');
    for (const page of [one, two, three]) {
      expect(await choice(page, 1).evaluate((b) => b.classList.contains('is-right'))).toBe(true);
      expect(await text(page.locator('.aud-card[data-slide="9.0"] .aud-quiz-explanation'))).toBe(
        'Why: every other component is a client of the API server.',
      );
      expect(await choice(page, 0).isDisabled()).toBe(true);
    }
    expect(await choice(two, 0).evaluate((b) => b.classList.contains('is-wrong'))).toBe(true);
    expect(await choice(three, 2).evaluate((b) => b.classList.contains('is-wrong'))).toBe(true);
    // The projector marks the right answer, which its socket received only now.
    expect(deckReceived.some((message) => message.includes('"answer":1'))).toBe(true);
    await expect
      .poll(() => deck.locator('.lectern-quiz[data-poll="q1"] .quiz-choice.is-right').getAttribute('data-choice'))
      .toBe('1');
    expect(await text(deck.locator('.lectern-quiz[data-poll="q1"] .quiz-status'))).toContain('Answer B');
  });

  it('the rating says "be the first", then the room\'s average', async () => {
    await speaker.keyboard.press('ArrowRight');
    await everyPhone(phoneLive, '10.0');
    const phone = phones[1]!.page;
    const summary = phone.locator('.aud-rating-summary');
    expect(await text(summary)).toBe('be the first');
    expect(await text(deck.locator('.lectern-rating .rating-summary'))).toBe('be the first');
    await phone.getByRole('button', { name: '4 of 5' }).tap();
    await expect.poll(() => text(phone.locator('.aud-rating-feedback'))).toBe('Saved: 4 of 5. Thank you!');
    // The projector draws the room's average as a number with a column per score, not as lit buttons
    // that would look like someone's vote.
    await expect.poll(() => text(deck.locator('.lectern-rating .rating-average-number'))).toBe('4.0');
    expect(await text(deck.locator('.lectern-rating .rating-summary'))).toBe('1 rating');
    expect(await deck.locator('.lectern-rating .rating-column-count').allInnerTexts()).toEqual([
      '0',
      '0',
      '0',
      '1',
      '0',
    ]);
    expect(await deck.locator('.lectern-rating .rating-scale').isVisible()).toBe(false);
    expect(await deck.locator('.lectern-rating .rating-score.is-lit').count()).toBe(0);
    await everyPhone((page) => text(page.locator('.aud-rating-summary')), '4.0 average · 1 rating');
  });

  it('a phone that drops off the wifi shows it, comes back by itself and resyncs to the live slide', async () => {
    const { context, page } = phones[2]!;
    const clientId = await page.evaluate(() => localStorage.getItem('lectern:client-id'));
    await context.setOffline(true);
    // The access point drops the connection (offline emulation leaves open sockets alone).
    dropPhone(app, clientId);
    await expect.poll(() => text(page.locator('.aud-badge'))).toBe('RECONNECTING…');

    // Meanwhile the talk goes back to the quiz slide and resets the poll.
    await speaker.keyboard.press('ArrowLeft');
    await phones[0]!.page.waitForFunction(
      () => document.querySelector('.aud-card.is-live')?.getAttribute('data-slide') === '9.0',
    );
    await speaker.locator('.spk-poll[data-poll="q1"]').getByRole('button', { name: 'Reset' }).click();
    await speaker.locator('.spk-poll[data-poll="q1"]').getByRole('button', { name: 'Clear all votes?' }).click();
    expect(await phoneLive(page)).toBe('10.0');

    await context.setOffline(false);
    await expect.poll(() => text(page.locator('.aud-badge')), { timeout: 8000 }).toBe('LIVE');
    await expect.poll(() => phoneLive(page)).toBe('9.0');
    await expect
      .poll(() => text(page.locator('.aud-card[data-slide="9.0"] .aud-quiz-status')))
      .toBe('Voting opens when the speaker asks');
    expect(await choice(page, 2).getAttribute('aria-pressed')).toBe('false');
  });

  it('a phone that slept while its connection died resyncs when it wakes up', async () => {
    const page = phones[1]!.page;
    const clientId = await page.evaluate(() => localStorage.getItem('lectern:client-id'));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
    dropPhone(app, clientId);
    await speaker.keyboard.press('ArrowLeft'); // 8.0
    await phones[0]!.page.waitForFunction(
      () => document.querySelector('.aud-card.is-live')?.getAttribute('data-slide') === '8.0',
    );
    // The projected deck hears the move on its own connection, a moment before or after that phone.
    await expect.poll(() => deckSlide(deck)).toBe('8.0');
    await cdp.send('Page.setWebLifecycleState', { state: 'active' });
    await expect.poll(() => phoneLive(page), { timeout: 5000 }).toBe('8.0');
    await expect.poll(() => text(page.locator('.aud-badge')), { timeout: 5000 }).toBe('LIVE');
  });

  it('a deck opened without the token follows the talk instead of driving it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const follower = await context.newPage();
    await follower.goto(`${base}/${DECK}/`);
    await follower.waitForFunction(() => window.Reveal?.isReady());
    await expect.poll(() => deckSlide(follower)).toBe('8.0');
    await follower.keyboard.press('ArrowRight'); // moves only itself…
    await speaker.keyboard.press('ArrowLeft'); // …until the talk moves
    await expect.poll(() => deckSlide(follower), { timeout: FOLLOW_MS }).toBe('7.0');
    await expect.poll(() => deckSlide(deck), { timeout: FOLLOW_MS }).toBe('7.0');
    await context.close();
  });

  it('a deck a tool destroys leaves the room: its overlays go, and the talk moving no longer touches it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/${DECK}/`);
    await page.waitForFunction(() => window.Reveal?.isReady());
    await expect.poll(() => page.locator('.lectern-audience-count').count()).toBe(1);
    expect(await page.locator('.lectern-join-corner').count()).toBe(1);
    await expect.poll(() => text(speaker.locator('.spk-audience'))).toBe('4 phones');

    await page.evaluate(() => window.Reveal.destroy());
    expect(await page.locator('.lectern-audience-count, .lectern-join-overlay, .lectern-join-corner').count()).toBe(0);
    // Its socket closed with it: the room counts it out.
    await expect.poll(() => text(speaker.locator('.spk-audience'))).toBe('3 phones');
    await speaker.keyboard.press('ArrowRight'); // 8.0
    await everyPhone(phoneLive, '8.0');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a speaker view with a wrong token says so and drives nothing', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/${DECK}/speaker/#token=not-the-token`);
    await expect.poll(() => text(page.locator('.spk-message h1'))).toBe('The presenter token was refused');
    expect(page.url()).toBe(`${base}/${DECK}/speaker/`);
    await context.close();
  });
});

describe('the deck as plain files (no live server)', () => {
  it('works the quiz self-paced: right or wrong at once, without signing in', async () => {
    const files = await serveDist();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(`${files.url}/${DECK}/#/9`);
      await page.waitForFunction(() => window.Reveal?.isReady());
      const quiz = page.locator('.lectern-quiz[data-poll="q1"]');
      await expect.poll(() => quiz.evaluate((el) => el.classList.contains('is-self-paced'))).toBe(true);
      expect(await page.locator('.lectern-audience-count').count()).toBe(0);

      await quiz.locator('.quiz-choice[data-choice="2"]').click();
      await expect.poll(() => text(quiz.locator('.quiz-status'))).toContain('Not quite: the answer is B.');
      expect(await text(quiz.locator('.quiz-status'))).toContain(
        'every other component is a client of the API server.',
      );
      expect(await quiz.locator('.quiz-choice.is-right').getAttribute('data-choice')).toBe('1');
      expect(await quiz.locator('.quiz-choice.is-wrong').getAttribute('data-choice')).toBe('2');

      await quiz.getByRole('button', { name: 'Try again' }).click();
      await quiz.locator('.quiz-choice[data-choice="1"]').click();
      await expect.poll(() => text(quiz.locator('.quiz-status'))).toContain('Right!');
      expect(await quiz.locator('.quiz-choice.is-wrong').count()).toBe(0);
      await page.close();
    } finally {
      await files.close();
    }
  });
});
