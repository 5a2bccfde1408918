/**
 * On a phone, the live part of the talk stays in view; the speaker reaches any slide from the
 * speaker view. One Chromium drives the real server on the seed deck: a speaker view (1440×900) that
 * opens the projector, and three 390×844 phones: one that follows, one whose reader scrolls away to
 * an earlier slide, and one that asks for reduced motion. The steps build on each other, as in a talk.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../server/app.ts';
import { afterFrames, scrollYAtRest, startBrowser } from '../helpers/browser.ts';
import { DIST } from '../helpers/build.ts';
import { dropPhone } from '../helpers/dropPhone.ts';
import { type Lectern, startLectern } from '../helpers/lectern.ts';

const DECK = 'advanced-kubernetes';
const TOKEN = 'in-view-test-token-0123456789';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;
/** Long enough for a smooth scroll to finish. */
const SCROLL_MS = 4000;
/** The seed deck's slides this test visits, as `h.v`. */
const FRAGMENTS = '47.0'; // "Know when not to": four list items, one per step
const FIRST_QUIZ = '49.0';
const RATING = '54.0';

let browser: Browser;
let app: App;
let room: Lectern;
let base: string;
let speaker: Page;
let projector: Page;
let follower: Page;
let wanderer: Page;
let calm: Page;
let followerContext: BrowserContext;

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

const deckSlide = (page: Page) => page.locator('section.slide.present').getAttribute('data-slide');
const phoneLive = (page: Page) => page.locator('.aud-card.is-live').getAttribute('data-slide');
const liveCard = (page: Page) => page.locator('.aud-card.is-live');

/** Whether all of `selector` (the last match) is on screen, under the sticky header. */
const wholeOnScreen = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const found = [...document.querySelectorAll<HTMLElement>(sel)].filter((e) => e.offsetHeight > 0).at(-1);
    if (!found) return false;
    const rect = found.getBoundingClientRect();
    const header = document.querySelector('.aud-bar')!.getBoundingClientRect().bottom;
    return rect.top >= header - 1 && rect.bottom <= innerHeight + 1;
  }, selector);

/** px from the top of the screen to the top of the live card. */
const liveCardTop = (page: Page) => liveCard(page).evaluate((card) => Math.round(card.getBoundingClientRect().top));
const scrollTop = (page: Page) => page.evaluate(() => Math.round(scrollY));
const backToLive = (page: Page) => page.locator('.aud-to-live');

async function openPhone(options: { reducedMotion?: 'reduce' } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...PHONE, ...options });
  const page = await context.newPage();
  await page.goto(`${base}/${DECK}/join/`);
  await expect.poll(() => page.locator('.aud-badge').innerText(), { timeout: 10_000 }).toBe('LIVE');
  return { context, page };
}

/** Counts the page's scroll events from now on: a smooth scroll fires one per frame, an instant one a single one. */
const countScrolls = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { scrolls: number };
    w.scrolls = 0;
    addEventListener('scroll', () => (w.scrolls += 1), { passive: true });
  });
const scrolls = (page: Page) => page.evaluate(() => (window as unknown as { scrolls: number }).scrolls);

/** The reader drags the feed back up to an earlier slide, once the feed has stopped moving. */
async function scrollAway(page: Page): Promise<number> {
  await expect.poll(() => liveCardTop(page), { timeout: SCROLL_MS }).toBeLessThan(200);
  await page.mouse.move(195, 500);
  for (let drag = 0; drag < 3 && !(await backToLive(page).isVisible()); drag++) {
    await page.mouse.wheel(0, -900);
    await scrollYAtRest(page);
  }
  await expect.poll(() => backToLive(page).isVisible()).toBe(true);
  return Math.round(await scrollYAtRest(page));
}

describe('the live part stays in view on a phone; the speaker jumps anywhere', () => {
  it('opens the speaker view, the projector and three phones', async () => {
    const desk = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    speaker = await desk.newPage();
    await speaker.goto(`${base}/${DECK}/speaker/#token=${TOKEN}`);
    await expect.poll(() => speaker.locator('.spk-topbar .aud-badge').innerText()).toBe('LIVE');
    const [popup] = await Promise.all([
      desk.waitForEvent('page'),
      speaker.getByRole('button', { name: 'Open the projector deck' }).click(),
    ]);
    projector = popup;
    await projector.setViewportSize({ width: 1280, height: 720 });
    await projector.waitForFunction(() => window.Reveal?.isReady());

    const one = await openPhone();
    followerContext = one.context;
    follower = one.page;
    wanderer = (await openPhone()).page;
    calm = (await openPhone({ reducedMotion: 'reduce' })).page;
    for (const page of [follower, wanderer, calm]) await expect.poll(() => phoneLive(page)).toBe('0.0');
  });

  it('a slide number and Enter on the speaker view moves the projector and the phones; the live card sits near the top', async () => {
    await countScrolls(follower);
    await countScrolls(calm);
    await speaker.locator('body').click({ position: { x: 700, y: 880 } });
    await speaker.keyboard.type('48');
    await expect.poll(() => speaker.locator('.spk-typed-number').innerText()).toContain('Go to 48');
    await speaker.keyboard.press('Enter');
    await expect.poll(() => deckSlide(projector)).toBe(FRAGMENTS);
    for (const page of [follower, wanderer, calm]) await expect.poll(() => phoneLive(page)).toBe(FRAGMENTS);
    const header = await follower.locator('.aud-bar').evaluate((bar) => bar.getBoundingClientRect().bottom);
    for (const page of [follower, calm])
      await expect.poll(() => liveCardTop(page), { timeout: SCROLL_MS }).toBeLessThanOrEqual(header + 24);
    // The last card of the feed still rises to the top: the feed leaves room under it.
    expect(await liveCardTop(follower)).toBeGreaterThanOrEqual(header);

    // The same jump glides on one phone and lands at once on the one that asked for less motion.
    expect(await scrolls(follower)).toBeGreaterThan(3);
    expect(await scrolls(calm)).toBeLessThanOrEqual(2);
    expect(await speaker.locator('.spk-now .spk-slide-label').innerText()).toContain('48/55');
  });

  it('each new fragment comes into view; a reader who scrolled away is left there, with "back to live"', async () => {
    const away = await scrollAway(wanderer);
    for (let step = 1; step <= 4; step++) {
      await speaker.keyboard.press('ArrowRight');
      await expect.poll(() => follower.locator('.aud-card.is-live li.fragment.visible').count()).toBe(step);
      await expect
        .poll(() => wholeOnScreen(follower, '.aud-card.is-live li.fragment.visible'), { timeout: SCROLL_MS })
        .toBe(true);
      await expect
        .poll(() => wholeOnScreen(calm, '.aud-card.is-live li.fragment.visible'), { timeout: SCROLL_MS })
        .toBe(true);
    }
    // The sentinel: the wanderer has drawn the last step, and a few frames since.
    await expect.poll(() => wanderer.locator('.aud-card.is-live li.fragment.visible').count()).toBe(4);
    await afterFrames(wanderer);
    expect(await scrollTop(wanderer)).toBe(away);
    expect(await backToLive(wanderer).isVisible()).toBe(true);
    await backToLive(wanderer).tap();
    await expect.poll(() => backToLive(wanderer).isVisible(), { timeout: SCROLL_MS }).toBe(false);
  });

  it('the overview shows every slide by section with its minutes and jumps to the knowledge check; the projector and phones follow', async () => {
    await speaker.keyboard.press('g');
    const overview = speaker.getByRole('dialog', { name: 'All slides' });
    await expect.poll(() => overview.isVisible()).toBe(true);
    const groups = overview.locator('.spk-group-head');
    expect(await groups.count()).toBe(9); // the opening, seven timed sections, the knowledge check
    expect(await groups.nth(1).innerText()).toMatch(/01\s+The control plane, deep\s+6 min/);
    const check = overview.locator('.spk-group', { has: speaker.locator('h3', { hasText: 'Knowledge check' }) });
    expect(await check.locator('.spk-group-minutes').innerText()).toBe('untimed');
    expect(await overview.locator('.spk-tile.is-current').getAttribute('data-slide')).toBe(FRAGMENTS);

    await check.getByRole('button', { name: /Which component is the only one/ }).click();
    await expect.poll(() => overview.isVisible()).toBe(false);
    await expect.poll(() => deckSlide(projector)).toBe(FIRST_QUIZ);
    for (const page of [follower, wanderer, calm]) await expect.poll(() => phoneLive(page)).toBe(FIRST_QUIZ);
    await expect
      .poll(() => wholeOnScreen(follower, '.aud-card.is-live .aud-quiz-prompt'), { timeout: SCROLL_MS })
      .toBe(true);
  });

  it('the vote\'s "saved" comes into view', async () => {
    await speaker.locator('.spk-poll[data-poll="q1"]').getByRole('button', { name: 'Open voting' }).click();
    for (const page of [follower, calm])
      await expect.poll(() => page.locator('.aud-card.is-live .aud-choice[data-choice="2"]').isEnabled()).toBe(true);
    await follower.locator('.aud-card.is-live .aud-choice[data-choice="2"]').tap(); // right: the kube-apiserver
    await calm.locator('.aud-card.is-live .aud-choice[data-choice="0"]').tap(); // wrong: the scheduler
    await expect.poll(() => follower.locator('.aud-card.is-live .aud-quiz-feedback').innerText()).toContain('Saved: C');
    for (const page of [follower, calm])
      await expect
        .poll(() => wholeOnScreen(page, '.aud-card.is-live .aud-quiz-feedback'), { timeout: SCROLL_MS })
        .toBe(true);
  });

  it('the reveal brings right or wrong and the explanation into view, also after a reload; not on a phone scrolled away', async () => {
    const away = await scrollAway(wanderer);
    await speaker.locator('.spk-poll[data-poll="q1"]').getByRole('button', { name: 'Reveal answer' }).click();
    await expect
      .poll(() => follower.locator('.aud-card.is-live .aud-quiz-feedback').innerText())
      .toBe('Right! Well done.');
    await expect
      .poll(() => calm.locator('.aud-card.is-live .aud-quiz-feedback').innerText())
      .toBe('Not quite. The answer is C.');
    for (const page of [follower, calm]) {
      await expect
        .poll(() => wholeOnScreen(page, '.aud-card.is-live .aud-quiz-result'), { timeout: SCROLL_MS })
        .toBe(true);
    }
    expect(await follower.locator('.aud-card.is-live .aud-quiz-explanation').innerText()).toMatch(
      /^Why: Only the API server touches etcd/,
    );
    // Readable in a hand: every line of the quiz at 16 px or more, every choice a comfortable tap.
    const quiz = await follower.locator('.aud-card.is-live .aud-quiz').evaluate((root) => ({
      smallest: Math.min(
        ...[
          ...root.querySelectorAll<HTMLElement>(
            '.aud-quiz-status, .aud-quiz-prompt, .aud-choice-text, .aud-choice-letter, .aud-quiz-feedback, .aud-quiz-explanation, .aud-quiz-voters',
          ),
        ].map((e) => parseFloat(getComputedStyle(e).fontSize)),
      ),
      choices: [...root.querySelectorAll<HTMLElement>('.aud-choice')].map((e) => [e.offsetWidth, e.offsetHeight]),
    }));
    expect(quiz.smallest).toBeGreaterThanOrEqual(16);
    for (const [width, height] of quiz.choices) expect(Math.min(width!, height!)).toBeGreaterThanOrEqual(48);
    // The sentinel: the wanderer has drawn the reveal, and a few frames since.
    await expect
      .poll(() => wanderer.locator('.aud-card.is-live .aud-quiz-explanation').innerText())
      .toMatch(/^Why: Only the API server touches etcd/);
    await afterFrames(wanderer);
    expect(await scrollTop(wanderer)).toBe(away);
    expect(await backToLive(wanderer).isVisible()).toBe(true);

    await follower.reload();
    await expect
      .poll(() => follower.locator('.aud-card.is-live .aud-quiz-feedback').innerText(), { timeout: 10_000 })
      .toBe('Right! Well done.');
    await expect
      .poll(() => wholeOnScreen(follower, '.aud-card.is-live .aud-quiz-result'), { timeout: SCROLL_MS })
      .toBe(true);
  });

  it('the rating card rises near the top and its "saved" is in view', async () => {
    await speaker.keyboard.press('End');
    await expect.poll(() => deckSlide(projector)).toBe(RATING);
    await expect.poll(() => phoneLive(follower)).toBe(RATING);
    const header = await follower.locator('.aud-bar').evaluate((bar) => bar.getBoundingClientRect().bottom);
    await expect.poll(() => liveCardTop(follower), { timeout: SCROLL_MS }).toBeLessThanOrEqual(header + 24);
    const stars = await follower
      .locator('.aud-card.is-live .aud-star')
      .evaluateAll((all) => all.map((e) => Math.min((e as HTMLElement).offsetWidth, (e as HTMLElement).offsetHeight)));
    expect(Math.min(...stars)).toBeGreaterThanOrEqual(48);
    await follower.getByRole('button', { name: '4 of 5' }).tap();
    await expect.poll(() => follower.locator('.aud-rating-feedback').innerText()).toBe('Saved: 4 of 5. Thank you!');
    await expect.poll(() => wholeOnScreen(follower, '.aud-rating-result'), { timeout: SCROLL_MS }).toBe(true);
    const sizes = await follower
      .locator('.aud-rating-prompt, .aud-rating-feedback, .aud-rating-summary')
      .evaluateAll((all) => all.map((e) => parseFloat(getComputedStyle(e).fontSize)));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(16);
  });

  it('a phone that lost the wifi shows no "live" chip while it reconnects, and shows it again once back', async () => {
    const chip = liveCard(follower).locator('.aud-live-chip');
    expect(await chip.isVisible()).toBe(true);
    const clientId = await follower.evaluate(() => localStorage.getItem('lectern:client-id'));
    await followerContext.setOffline(true);
    dropPhone(app, clientId);
    await expect.poll(() => follower.locator('.aud-badge').innerText()).toBe('RECONNECTING…');
    expect(await chip.isVisible()).toBe(false);
    await followerContext.setOffline(false);
    await expect.poll(() => follower.locator('.aud-badge').innerText(), { timeout: 10_000 }).toBe('LIVE');
    await expect.poll(() => chip.isVisible()).toBe(true);
  });
});
