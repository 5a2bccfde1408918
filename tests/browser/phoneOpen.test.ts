/**
 * A phone joining mid-talk sees the live slide first: the join page comes with the slide the talk is on,
 * and the page shows it before the socket has joined and before the rest of the deck has arrived. Then
 * a slide change shows the next card, which the phone laid out ahead of time without showing it, and
 * touches no other card. The real server on the seed deck, one 390×844 phone in Chromium.
 */
import type { Browser, Locator, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowser } from '../helpers/browser.ts';
import { DIST } from '../helpers/build.ts';
import { type Lectern, startLectern } from '../helpers/lectern.ts';
import { largestPixelDifference } from '../helpers/pixels.ts';
import type { TestClient } from '../helpers/testClient.ts';

const DECK = 'advanced-kubernetes';
const TOKEN = 'phone-open-test-token-0123456789';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;
/** "Know when not to": four list items, one per step. */
const FRAGMENTS = { h: 47, v: 0 };

let browser: Browser;
let room: Lectern;
let presenter: TestClient;
let phone: Page;

beforeAll(async () => {
  room = await startLectern({ dist: DIST, token: TOKEN, quickCounters: false });
  presenter = await room.connect('presenter', { deck: DECK });
  browser = await startBrowser();
});

afterAll(async () => {
  await browser?.close();
  await room?.close();
});

const liveCard = (page: Page) => page.locator('.aud-card.is-live');
/** Whether the element's top is on screen, under the sticky header. */
const onScreen = (locator: Locator) =>
  locator.evaluate((element) => {
    const top = element.getBoundingClientRect().top;
    return top >= document.querySelector('.aud-bar')!.getBoundingClientRect().bottom - 1 && top < innerHeight;
  });
const visibleCards = (page: Page) => page.locator('.aud-card:not([hidden]):not(.is-next)');

/**
 * A phone that joins the talk at `slide` and is live: its page, and the feed's live card (not the one
 * the join page came with, which the feed replaces once the deck is in).
 */
async function phoneJoinedAt(slide: { h: number; v: number; f: number }) {
  await presenter.call('slide:set', slide);
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${room.url}/${DECK}/join/`);
  await expect.poll(() => page.locator('.aud-badge').innerText()).toBe('LIVE');
  const card = page.locator('.aud-feed .aud-card.is-live');
  await card.waitFor();
  return { context, page, card };
}

describe('a phone joining mid-talk', () => {
  it('paints the live slide before any of its scripts has arrived, then the feed takes over with it in view', async () => {
    await presenter.call('slide:set', { ...FRAGMENTS, f: 0 });
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    // Every script held back: what shows is the page and its stylesheets alone.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let scriptsAsked = 0;
    await page.route('**/assets/*.js', async (route: Route) => {
      scriptsAsked++;
      await held;
      await route.continue().catch(() => {});
    });
    await page.goto(`${room.url}/${DECK}/join/`, { waitUntil: 'commit' });

    await expect.poll(() => liveCard(page).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(scriptsAsked).toBeGreaterThan(0);
    expect(await liveCard(page).getAttribute('data-slide')).toBe('47.0');
    expect(await liveCard(page).locator('.aud-card-number').innerText()).toBe('48 / 55');
    expect(await liveCard(page).getByRole('heading', { name: 'Know when not to' }).isVisible()).toBe(true);
    // One step revealed (f = 0): one of the four items shows (once the stylesheet, still on its way, is in).
    await expect.poll(() => liveCard(page).locator('li.fragment:visible').count()).toBe(1);
    // Styled as the live card: the accent border, not a bare list.
    expect(await liveCard(page).evaluate((card) => getComputedStyle(card).borderTopStyle)).toBe('solid');
    expect(await liveCard(page).evaluate((card) => card.getBoundingClientRect().width)).toBeGreaterThan(300);
    expect(await page.locator('.audience-loading').count()).toBe(0);
    expect(await page.locator('aside.notes').count()).toBe(0);

    // The scripts arrive: the page joins and the feed takes over, the same slide live and in view.
    release();
    await expect.poll(() => page.locator('.aud-badge').innerText()).toBe('LIVE');
    await expect.poll(() => visibleCards(page).count()).toBe(48);
    expect(await liveCard(page).getAttribute('data-slide')).toBe('47.0');
    await expect.poll(() => onScreen(liveCard(page))).toBe(true);
    await context.close();
  });

  it('shows the live slide, with the steps the speaker revealed, while the rest of the deck has not arrived', async () => {
    await presenter.call('slide:set', { ...FRAGMENTS, f: 1 });
    const context = await browser.newContext(PHONE);
    phone = await context.newPage();
    // The deck page (every slide) is held back until the test lets it through.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let deckAsked = false;
    await phone.route(`**/${DECK}/`, async (route: Route) => {
      deckAsked = true;
      await held;
      await route.continue();
    });
    await phone.goto(`${room.url}/${DECK}/join/`);

    await expect.poll(() => liveCard(phone).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await liveCard(phone).getAttribute('data-slide')).toBe('47.0');
    expect(await liveCard(phone).locator('.aud-card-number').innerText()).toBe('48 / 55');
    expect(await liveCard(phone).getByRole('heading', { name: 'Know when not to' }).isVisible()).toBe(true);
    // Two steps revealed (f = 1): two of the four items.
    expect(await liveCard(phone).locator('li.fragment.visible').count()).toBe(2);
    expect(await visibleCards(phone).count()).toBe(1);
    // No speaker notes reach the phone with the slide.
    expect(await phone.locator('aside.notes').count()).toBe(0);
    await expect.poll(() => deckAsked).toBe(true);

    // The rest of the deck arrives: the feed holds the slides up to the live one, the live card in view.
    release();
    await expect.poll(() => visibleCards(phone).count()).toBe(48);
    await expect.poll(() => onScreen(liveCard(phone))).toBe(true);
    expect(await liveCard(phone).getAttribute('data-slide')).toBe('47.0');
    expect(await liveCard(phone).locator('li.fragment.visible').count()).toBe(2);
    await expect.poll(() => phone.locator('.aud-badge').innerText()).toBe('LIVE');
  });

  it('on a slide change shows the next card at once, laid out beforehand and hidden until then, and touches no other card', async () => {
    // The card after the live one waits in the feed, unseen and not read out.
    const next = phone.locator('.aud-card[data-slide="48.0"]');
    await expect.poll(() => next.evaluate((card) => getComputedStyle(card).opacity)).toBe('0');
    expect(await next.getAttribute('aria-hidden')).toBe('true');
    expect(await next.evaluate((card) => card.getBoundingClientRect().height)).toBeGreaterThan(100);
    // A tap where it lies presses nothing in it: no link or button of a slide still to come.
    const tapped = await next.evaluate((card) => {
      const heading = card.querySelector('h2')!;
      heading.scrollIntoView({ block: 'center', behavior: 'instant' });
      const box = heading.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return hit === card || !card.contains(hit) ? 'nothing in the card' : hit!.tagName;
    });
    expect(tapped).toBe('nothing in the card');

    // Which cards the move changes: the changes made with the new card turning live.
    await phone.evaluate(() => {
      const w = window as unknown as { touched: Set<string> };
      w.touched = new Set();
      let done = false;
      new MutationObserver((records) => {
        if (done) return;
        for (const record of records) {
          const target = record.target instanceof Element ? record.target : record.target.parentElement;
          const card = target?.closest('.aud-card');
          if (card) w.touched.add(card.getAttribute('data-slide') ?? '');
        }
        done = document.querySelector('.aud-card.is-live')?.getAttribute('data-slide') === '48.0';
      }).observe(document.querySelector('.aud-feed')!, {
        attributes: true,
        childList: true,
        subtree: true,
        characterData: true,
      });
    });
    await presenter.call('slide:set', { h: 48, v: 0, f: -1 });
    await expect.poll(() => liveCard(phone).getAttribute('data-slide')).toBe('48.0');
    await expect.poll(() => onScreen(liveCard(phone).getByRole('heading', { name: 'Did it stick?' }))).toBe(true);
    // Shown (at 0.999, which keeps the change on the compositor), with its chip; the card left has none.
    expect(Number(await next.evaluate((card) => getComputedStyle(card).opacity))).toBeGreaterThan(0.99);
    expect(await next.getAttribute('aria-hidden')).toBeNull();
    const chipShown = (slide: string) =>
      phone.locator(`.aud-card[data-slide="${slide}"] .aud-live-chip`).evaluate((chip) => {
        const style = getComputedStyle(chip);
        return style.visibility === 'visible' && Number(style.opacity) > 0.99;
      });
    expect(await chipShown('48.0')).toBe(true);
    expect(await chipShown('47.0')).toBe(false);
    // Its shield is lifted once it shows: a tap reaches what is in it.
    await expect
      .poll(() =>
        next.evaluate((card) => {
          const box = card.querySelector('h2')!.getBoundingClientRect();
          const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          return hit !== card && card.contains(hit);
        }),
      )
      .toBe(true);
    const touched = await phone.evaluate(() => [...(window as unknown as { touched: Set<string> }).touched].sort());
    expect(touched).toEqual(['47.0', '48.0']);
    // Then, while the phone is idle, the card after it is made ready the same way.
    await expect
      .poll(() => phone.locator('.aud-card[data-slide="49.0"]').evaluate((card) => getComputedStyle(card).opacity))
      .toBe('0');
  });
});

describe('a step on the live slide', () => {
  it('is laid out ahead under a cover that shows none of its words, not read out and not tapped; revealed, it shows without moving anything under it', async () => {
    const { context, card } = await phoneJoinedAt({ ...FRAGMENTS, f: 0 });
    const items = card.locator('li.fragment');
    const second = items.nth(1);
    // While the phone is idle, the next item takes its place in the card, unseen.
    await expect.poll(() => second.evaluate((item) => item.classList.contains('is-coming'))).toBe(true);
    // Anything in it that answers a tap (a link, a button) counts the taps that reach it.
    const taps = () => second.evaluate((item) => Number(item.dataset.taps ?? 0));
    await second.evaluate((item) => {
      item.addEventListener('click', () => (item.dataset.taps = String(Number(item.dataset.taps ?? 0) + 1)));
      item.scrollIntoView({ block: 'center', behavior: 'instant' });
    });
    await second.tap();
    expect(await taps()).toBe(0);
    expect(await second.getAttribute('aria-hidden')).toBe('true');
    const height = await second.evaluate((item) => item.getBoundingClientRect().height);
    expect(height).toBeGreaterThan(20);
    // The items after it still take no room.
    expect(await items.nth(2).evaluate((item) => item.getBoundingClientRect().height)).toBe(0);

    // Its words (and its bullet) leave no mark on the screen: it looks the same with them not drawn at all.
    const withoutWords = async () => {
      await second.evaluate((item) => (item.style.color = 'transparent'));
      const shot = await second.screenshot({ animations: 'disabled' });
      await second.evaluate((item) => item.style.removeProperty('color'));
      return shot;
    };
    const coming = await second.screenshot({ animations: 'disabled' });
    expect(await largestPixelDifference(context, coming, await withoutWords())).toBeLessThanOrEqual(1);

    const before = await card.evaluate((element) => element.getBoundingClientRect().height);
    // The card's height is read as the item is revealed, before the phone goes on to lay out the item after it.
    await second.evaluate((item) => {
      const element = item.closest('.aud-card')!;
      new MutationObserver((_records, observer) => {
        if (!item.classList.contains('visible')) return;
        item.dataset.cardHeightShown = String(element.getBoundingClientRect().height);
        observer.disconnect();
      }).observe(item, { attributes: true, attributeFilter: ['class'] });
    });
    await presenter.call('slide:set', { ...FRAGMENTS, f: 1 });
    await expect.poll(() => second.evaluate((item) => item.classList.contains('visible'))).toBe(true);
    // Nothing under it moved: the card is as tall as it was.
    expect(Number(await second.getAttribute('data-card-height-shown'))).toBe(before);
    // Shown: its words are on the screen now.
    const shown = await second.screenshot({ animations: 'disabled' });
    expect(await largestPixelDifference(context, shown, await withoutWords())).toBeGreaterThan(100);
    expect(await second.getAttribute('aria-hidden')).toBeNull();
    // Shown, it answers a tap.
    await second.tap();
    expect(await taps()).toBe(1);
    // And the item after it is made ready the same way.
    await expect.poll(() => items.nth(2).evaluate((item) => item.classList.contains('is-coming'))).toBe(true);
    await context.close();
  });
});

describe('a code step on the live slide', () => {
  it('lights its lines by their opacity alone: the lines it changes get layers ahead, only those', async () => {
    // "Every controller is this shape": lines 2–3 lit, then 4–5, then 6–9.
    const { context, card } = await phoneJoinedAt({ h: 6, v: 0, f: -1 });
    const code = card.locator('pre[data-line-steps]');
    const lines = (selector: string) =>
      code.locator(selector).evaluateAll((found) => found.map((line) => Number((line as HTMLElement).dataset.line)));
    const lit = () =>
      code.locator('.line').evaluateAll((found) =>
        found
          .filter((line) => {
            const band = getComputedStyle(line, '::before');
            return Number(getComputedStyle(line).opacity) > 0.99 && Number(band.opacity) > 0.99;
          })
          .map((line) => Number((line as HTMLElement).dataset.line)),
      );
    expect(await lit()).toEqual([2, 3]);
    // While the phone is idle: the lines the next step lights or dims, and no other.
    await expect.poll(() => lines('.line.is-changing')).toEqual([2, 3, 4, 5]);

    await presenter.call('slide:set', { h: 6, v: 0, f: 0 });
    await expect.poll(lit).toEqual([4, 5]);
    // Dimmed again, without its tint.
    expect(
      await code.locator('.line[data-line="2"]').evaluate((line) => Number(getComputedStyle(line).opacity)),
    ).toBeLessThan(0.9);
    await expect.poll(() => lines('.line.is-changing')).toEqual([4, 5, 6, 7, 8, 9]);
    // The speaker steps back: the first lines are lit again, and only they.
    await presenter.call('slide:set', { h: 6, v: 0, f: -1 });
    await expect.poll(lit).toEqual([2, 3]);
    await context.close();
  });
});

describe('a diagram wider than the phone', () => {
  it('fades out at the edge it continues past, following its scroll; one that fits shows whole', async () => {
    // "The API server is the only door to etcd": drawn wider than a phone, kept at its size to stay readable.
    const { context, card } = await phoneJoinedAt({ h: 3, v: 0, f: -1 });
    const diagram = card.locator('.diagram');
    const fades = () =>
      diagram.evaluate((element) => {
        const style = getComputedStyle(element);
        return [style.getPropertyValue('--aud-fade-start'), style.getPropertyValue('--aud-fade-end')];
      });
    const drawnWidth = (width: string) =>
      diagram.evaluate((element, width) => {
        element.querySelector('svg')!.style.width = width;
      }, width);
    // Drawn narrower than the card, the diagram has nothing to scroll and nothing faded.
    await drawnWidth('120px');
    await expect.poll(fades).toEqual(['0px', '0px']);
    // At its own width it is wider than the card: at the start only the far edge fades.
    await drawnWidth('');
    expect(await diagram.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    await expect.poll(fades).toEqual(['0px', '48px']);
    // Scrolled to the end, only the near one.
    await diagram.evaluate((element) => element.scrollTo({ left: element.scrollWidth, behavior: 'instant' }));
    await expect.poll(fades).toEqual(['48px', '0px']);
    // Fitting again (a phone turned to landscape), it shows whole: no fade is left behind.
    await drawnWidth('120px');
    await expect.poll(fades).toEqual(['0px', '0px']);
    await context.close();
  });
});
