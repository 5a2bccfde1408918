/**
 * A rehearsal, then the talk: in Chromium, the speaker view and phones on the real server. After the
 * rehearsal's votes, reveal and rating, "New run" in the speaker view moves the phone that was
 * connected to a clean run without reloading, and a phone that joins then sees no revealed quiz and
 * an empty rating.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowser } from '../helpers/browser.ts';
import { DIST } from '../helpers/build.ts';
import { type Lectern, startLectern } from '../helpers/lectern.ts';

const DECK = 'hello-lectern';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;

let browser: Browser;
let room: Lectern;
let speaker: Page;
let phone: Page;

beforeAll(async () => {
  room = await startLectern({ dist: DIST, quickCounters: false });
  browser = await startBrowser();
});
afterAll(async () => {
  await browser?.close();
  await room?.close();
});

const text = (locator: Locator) => locator.innerText();
/** The run the speaker view's top bar names: `Run 2 · Berlin meetup`. */
const runShown = (page: Page) =>
  page
    .locator('.spk-run-chip')
    .evaluate((chip) =>
      [chip.querySelector('.spk-run-number')?.textContent, chip.querySelector('.spk-run-name')?.textContent].join(
        ' · ',
      ),
    );
const quizCard = (page: Page) => page.locator('.aud-card[data-slide="9.0"]');
const choice = (page: Page, index: number) => quizCard(page).locator(`.aud-choice[data-choice="${index}"]`);

async function openPhone(): Promise<Page> {
  const page = await (await browser.newContext(PHONE)).newPage();
  await page.goto(`${room.url}/${DECK}/join/`);
  await expect.poll(() => text(page.locator('.aud-badge')), { timeout: 10_000 }).toBe('LIVE');
  return page;
}

/** What a phone shows of the rehearsal: the quiz revealed, the rating given. */
async function rehearsalShown(page: Page) {
  return {
    revealed: await quizCard(page).locator('.aud-choice.is-right').count(),
    feedback: await text(quizCard(page).locator('.aud-quiz-feedback')),
    rating: await text(page.locator('.aud-rating-summary')),
    myScore: await page.locator('.aud-rating [aria-pressed="true"]').count(),
  };
}

const CLEAN = { revealed: 0, feedback: '', rating: 'be the first', myScore: 0 };

describe('a rehearsal, then "New run"', () => {
  it('rehearses: a vote, the reveal and a rating', async () => {
    speaker = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await speaker.goto(`${room.url}/${DECK}/speaker/#token=${room.token}`);
    await expect.poll(() => text(speaker.locator('.spk-topbar .aud-badge'))).toBe('LIVE');
    await expect.poll(() => runShown(speaker)).toMatch(/^Run 1 · \d{4}-\d\d-\d\d \d\d:\d\d$/);
    phone = await openPhone();

    await speaker.keyboard.press('End'); // the rating slide
    await speaker.keyboard.press('ArrowLeft'); // the quiz
    const poll = speaker.locator('.spk-poll[data-poll="q1"]');
    await poll.getByRole('button', { name: 'Open voting' }).click();
    await expect.poll(() => choice(phone, 1).isEnabled()).toBe(true);
    await choice(phone, 1).tap();
    await expect.poll(() => text(choice(phone, 1).locator('.aud-choice-mark'))).toBe('✓ SAVED');
    await poll.getByRole('button', { name: 'Reveal answer' }).click();
    await expect.poll(() => text(quizCard(phone).locator('.aud-quiz-feedback'))).toBe('Right! Well done.');
    await speaker.keyboard.press('ArrowRight');
    await phone.getByRole('button', { name: '4 of 5' }).tap();
    await expect.poll(() => text(phone.locator('.aud-rating-summary'))).toBe('4.0 average · 1 rating');
    expect(await rehearsalShown(phone)).toEqual({
      revealed: 1,
      feedback: 'Right! Well done.',
      rating: '4.0 average · 1 rating',
      myScore: 1,
    });
  });

  it('"New run" moves the connected phone to the clean run without reloading', async () => {
    // Survives only as long as the page is not reloaded.
    await phone.evaluate(() => Object.assign(window, { sameDocument: true }));
    await speaker.locator('.spk-run-chip').click();
    const dialog = speaker.getByRole('dialog', { name: 'New run' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByLabel('Name').fill('Berlin meetup');
    await dialog.getByRole('button', { name: 'Start new run' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => runShown(speaker)).toBe('Run 2 · Berlin meetup');
    expect(await speaker.locator('.spk-poll[data-poll="q1"] .spk-voters').innerText()).toBe('0 ANSWERS');

    await expect.poll(() => rehearsalShown(phone)).toEqual(CLEAN);
    expect(await phone.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
    // Still on the slide the speaker is on, and the quiz takes no vote until it is opened again.
    expect(await phone.locator('.aud-card.is-live').getAttribute('data-slide')).toBe('10.0');
    expect(await choice(phone, 1).isDisabled()).toBe(true);
  });

  it('a phone that joins now sees no revealed quiz and an empty rating', async () => {
    const fresh = await openPhone();
    await expect.poll(() => rehearsalShown(fresh)).toEqual(CLEAN);
  });

  it('keeps the rehearsal in the store as run 1, and the talk as run 2', async () => {
    const runs = await room.store.runs(DECK);
    expect(runs.map((r) => [r.id, r.name, r.endedAt === null])).toEqual([
      [1, expect.any(String), false],
      [2, 'Berlin meetup', true],
    ]);
    const rehearsal = await room.store.load(DECK, 1);
    expect(rehearsal.ballots.map((b) => [b.pollId, b.choice])).toEqual([['q1', 1]]);
    expect(rehearsal.ratings.map((r) => r.score)).toEqual([4]);
  });
});
