/**
 * The speaker view's panels on the laptops speakers bring, with the seed deck's five polls, the first
 * one open with votes in and the room's questions listed: every panel keeps its content inside it, so
 * the timer's section strip never slides under the polls; no panel touches another or the prev/next
 * buttons, and nothing is cut off by the window or by its column.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { afterFrames } from '../helpers/browser.ts';
import { roomInBrowser } from '../helpers/roomInBrowser.ts';

const DECK = 'advanced-kubernetes';
const LAPTOPS = [
  { width: 1440, height: 900 },
  { width: 1366, height: 768 },
  { width: 1280, height: 800 },
  // A laptop mirrored to the projector at its resolution.
  { width: 1280, height: 720 },
];
/** The short laptops, where the panels have the least room. */
const SHORT_LAPTOPS = LAPTOPS.filter((laptop) => laptop.height < 900);
/** Less than this between two panels reads as touching (the view's own gap is 12 px). */
const MIN_GAP = 8;
const QUESTIONS = [
  'How do you debug a reconcile loop that never settles?',
  'Is etcd ever the bottleneck in practice, or is it always the API server?',
  'Would you run an operator for a stateful database in production today?',
  'What is the difference between a finalizer and an owner reference?',
];
const room = roomInBrowser();

// A poll in progress on its slide, and questions waiting: the view at its fullest during a talk. The
// poll is the one with the longest question, the one that needs the most room.
beforeAll(async () => {
  const speaker = await room.server.connect('presenter', { deck: DECK });
  const poll = speaker.snapshot.polls.reduce((a, b) => (b.prompt.length > a.prompt.length ? b : a));
  await speaker.call('slide:set', { h: poll.slide.h, v: poll.slide.v, f: -1 });
  await speaker.call('poll:open', { pollId: poll.id });
  for (const [i, text] of QUESTIONS.entries()) {
    const phone = await room.server.connect('audience', { deck: DECK });
    expect(await phone.call('vote', { pollId: poll.id, choice: i % poll.choices.length })).toMatchObject({ ok: true });
    expect(await phone.call('question:ask', { text })).toMatchObject({ ok: true });
  }
});

async function openSpeakerView(viewport: { width: number; height: number }): Promise<Page> {
  const page = await room.browser.newPage({ viewport });
  await page.goto(`${room.server.url}/${DECK}/speaker/#token=${room.server.token}`);
  await expect.poll(() => page.locator('.spk-poll[data-phase="open"] .spk-voters').innerText()).toMatch(/4/);
  await expect.poll(() => page.locator('.spk-question').count()).toBe(QUESTIONS.length);
  await afterFrames(page);
  return page;
}

describe('the speaker view on a laptop', () => {
  it.each(LAPTOPS)('keeps every panel whole at $width×$height: nothing spills into the next', async (viewport) => {
    const page = await openSpeakerView(viewport);
    try {
      const spilled = await page.evaluate(() =>
        [
          ...document.querySelectorAll<HTMLElement>(
            '.spk-now, .spk-next, .spk-notes, .spk-time, .spk-polls, .spk-questions',
          ),
        ]
          .filter((panel) => getComputedStyle(panel).overflowY === 'visible')
          .filter((panel) => panel.scrollHeight > panel.clientHeight + 1)
          .map((panel) => `${panel.className}: ${panel.scrollHeight} px of content in ${panel.clientHeight} px`),
      );
      expect(spilled).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it.each(SHORT_LAPTOPS)('lays the panels and prev/next out apart and whole at $width×$height', async (viewport) => {
    const page = await openSpeakerView(viewport);
    try {
      const layout = await page.evaluate((minGap) => {
        const box = (element: Element) => {
          const { left, top, right, bottom } = element.getBoundingClientRect();
          return { left, top, right, bottom };
        };
        type Box = ReturnType<typeof box>;
        const inside = (inner: Box, outer: Box) =>
          inner.left >= outer.left - 0.5 &&
          inner.top >= outer.top - 0.5 &&
          inner.right <= outer.right + 0.5 &&
          inner.bottom <= outer.bottom + 0.5;
        // Two boxes are apart when one ends at least `minGap` before the other starts, across or down.
        const apart = (a: Box, b: Box) =>
          a.right + minGap <= b.left ||
          b.right + minGap <= a.left ||
          a.bottom + minGap <= b.top ||
          b.bottom + minGap <= a.top;
        const named = [
          ...document.querySelectorAll(
            '.spk-now, .spk-next, .spk-nav-button, .spk-time, .spk-notes, .spk-polls, .spk-questions',
          ),
        ].map((element) => ({
          name: element.matches('.spk-nav-button') ? (element.textContent ?? '').trim() : element.className,
          box: box(element),
        }));
        const window = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };

        const touching: string[] = [];
        for (const [i, a] of named.entries())
          for (const b of named.slice(i + 1)) if (!apart(a.box, b.box)) touching.push(`${a.name} / ${b.name}`);
        const outsideWindow = named.filter(({ box }) => !inside(box, window)).map(({ name }) => name);
        // A column that has to scroll hides part of what it holds.
        const columnsScrolling = [...document.querySelectorAll<HTMLElement>('.spk-column')]
          .filter((column) => column.scrollHeight > column.clientHeight + 1)
          .map((column) => `${column.className}: ${column.scrollHeight} px in ${column.clientHeight} px`);
        const stagesCut = [...document.querySelectorAll('.spk-now, .spk-next')]
          .filter((panel) => !inside(box(panel.querySelector('.spk-stage')!), box(panel)))
          .map((panel) => panel.className);
        // The open poll with its bars and its buttons, all in view without scrolling the list.
        const openPoll = document.querySelector('.spk-poll[data-phase="open"]')!;
        const openPollWhole = inside(box(openPoll), box(openPoll.closest('.spk-poll-list')!));
        return { touching, outsideWindow, columnsScrolling, stagesCut, openPollWhole, count: named.length };
      }, MIN_GAP);

      expect(layout).toEqual({
        touching: [],
        outsideWindow: [],
        columnsScrolling: [],
        stagesCut: [],
        openPollWhole: true,
        count: 8,
      });
    } finally {
      await page.close();
    }
  });

  it.each(SHORT_LAPTOPS)(
    'gives each question its text and one line for who asked and the buttons at $width×$height',
    async (viewport) => {
      const page = await openSpeakerView(viewport);
      try {
        const questions = await page.locator('.spk-question').evaluateAll((cards) =>
          cards.map((card) => {
            const text = card.querySelector('.spk-q-text')!.getBoundingClientRect();
            const meta = card.querySelector('.spk-q-meta')!.getBoundingClientRect();
            const actions = card.querySelector('.spk-q-actions')!.getBoundingClientRect();
            // One line: the name and the buttons side by side, under the text.
            return meta.top >= text.bottom && actions.top < meta.bottom && meta.top < actions.bottom;
          }),
        );
        expect(questions).toEqual(QUESTIONS.map(() => true));
      } finally {
        await page.close();
      }
    },
  );
});
