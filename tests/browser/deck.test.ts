import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowser } from '../helpers/browser.ts';
import { type StaticServer, serveDist } from '../helpers/staticServer.ts';

let browser: Browser;
let server: StaticServer;
let page: Page;

beforeAll(async () => {
  [browser, server] = await Promise.all([startBrowser(), serveDist()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh load each time: a change of hash alone would keep the previous page's state. */
async function openDeck(path: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${server.url}${path}`);
  await page.waitForFunction(() => window.Reveal?.isReady());
}

const indices = () => page.evaluate(() => window.Reveal.getIndices());
const currentTitle = () => page.locator('.present h1, .present h2').first().innerText();

describe('the projected deck', () => {
  it('starts reveal, sets window.Reveal, and moves with the arrow keys and the hash', async () => {
    await openDeck('/hello-lectern/');
    expect(await currentTitle()).toBe('Hello, lectern');
    await page.keyboard.press('ArrowRight');
    await expect.poll(indices).toMatchObject({ h: 1, v: 0 });
    await expect.poll(() => page.url()).toMatch(/#\/1$/);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(indices).toMatchObject({ h: 0, v: 0 });
    await openDeck('/hello-lectern/#/2');
    expect(await currentTitle()).toBe('Code, highlighted at build time');
    // lectern's layout, not reveal's centred default, whatever order the stylesheets load in.
    // (`start`: left for a left-to-right title, right for an Arabic or Hebrew one.)
    expect(
      await page
        .locator('.present h2')
        .evaluate((el) => [getComputedStyle(el).textAlign, getComputedStyle(el).direction]),
    ).toEqual(['start', 'ltr']);
  });

  it('shows a diagram as an SVG of non-zero size', async () => {
    await openDeck('/hello-lectern/');
    const diagramSlide = await page.evaluate(() =>
      window.Reveal.getSlides().findIndex((slide) => slide.querySelector('.diagram svg')),
    );
    expect(diagramSlide).toBeGreaterThan(0);
    for (let i = 0; i < 12 && (await page.locator('.present .diagram svg').count()) === 0; i++)
      await page.keyboard.press('ArrowRight');
    const box = await page.locator('.present .diagram svg').boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(box!.height).toBeGreaterThan(50);
    expect(await page.locator('.present .diagram svg').textContent()).toMatch(/API\s*server/);
  });

  it('shows highlighted code and steps its line highlights', async () => {
    await openDeck('/hello-lectern/#/2');
    const keyword = page.locator('.present .hljs-keyword').first();
    await expect.poll(() => keyword.innerText()).toBe('for');
    const keywordColour = await keyword.evaluate((el) => getComputedStyle(el).color);
    const plainColour = await page.locator('.present pre.code code').evaluate((el) => getComputedStyle(el).color);
    expect(keywordColour).not.toBe(plainColour);

    const lit = () =>
      page
        .locator('.present pre.code .line.hl')
        .evaluateAll((lines) => lines.map((line) => (line as HTMLElement).dataset.line));
    expect(await lit()).toEqual(['1']);
    await page.keyboard.press('ArrowRight');
    await expect.poll(lit).toEqual(['2', '3']);
    await page.keyboard.press('ArrowRight');
    await expect.poll(lit).toEqual(['5']);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(lit).toEqual(['2', '3']);
  });

  it("offers reveal's scroll view by URL and by the V key", async () => {
    await openDeck('/hello-lectern/?view=scroll');
    expect(await page.evaluate(() => window.Reveal.isScrollView())).toBe(true);
    await openDeck('/hello-lectern/');
    await page.keyboard.press('v');
    await expect.poll(() => page.evaluate(() => window.Reveal.isScrollView())).toBe(true);
  });

  it('links back to the library', async () => {
    await openDeck('/hello-lectern/');
    await page.getByRole('link', { name: /back to library/ }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Library');
  });
});

describe('the library page', () => {
  it('lists every deck with its minutes and sections, and opens one', async () => {
    await page.goto(`${server.url}/`);
    const deck = page.locator('.library-deck', { hasText: 'Advanced Kubernetes' });
    expect(await deck.innerText()).toMatch(/~38 min/);
    expect(await deck.locator('.library-sections li').count()).toBe(7);
    await page.getByRole('link', { name: 'Hello, lectern' }).click();
    await page.waitForFunction(() => window.Reveal?.isReady());
    expect(await currentTitle()).toBe('Hello, lectern');
  });
});
