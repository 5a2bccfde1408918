import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THEMES } from '../../src/compile/manifest.ts';
import { startBrowser } from '../helpers/browser.ts';
import { type StaticServer, serveDist } from '../helpers/staticServer.ts';

/** The deck's design as the room sees it at 1280×720: code sizes, chrome, cover, closing slide, fonts. */

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

async function openDeck(path: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${server.url}${path}`);
  await page.waitForFunction(() => window.Reveal?.isReady());
  await page.evaluate(() => document.fonts.ready);
}

/** The current slide's code block: its size in slide pixels and whether it shows every line and column. */
const codeBlock = () =>
  page.evaluate(() => {
    const pre = document.querySelector<HTMLElement>('.present pre.code')!;
    const body = pre.closest<HTMLElement>('.slide-body')!;
    return {
      size: parseFloat(getComputedStyle(pre).fontSize),
      cutRight: pre.scrollWidth > pre.clientWidth + 1,
      cutBelow: body.scrollHeight > body.clientHeight + 1,
    };
  });

/** Grows the current slide's code block as an author might have written it, then shows the slide afresh. */
async function growCode(lines: number, columns: number): Promise<void> {
  await page.evaluate(
    ([lines, columns]: number[]) => {
      if (lines === undefined || columns === undefined) return;
      const deck = window.Reveal;
      const { h, v } = deck.getIndices();
      const pre = document.querySelector<HTMLElement>('.present pre.code')!;
      const code = pre.querySelector('code')!;
      const wide = 'x'.repeat(columns);
      for (let i = 0; i < lines; i++)
        code.insertAdjacentHTML('beforeend', `\n<span class="line">${i === 0 ? wide : 'more();'}</span>`);
      delete pre.dataset.fitted;
      deck.slide(h + 1, 0);
      deck.slide(h, v ?? 0);
    },
    [lines, columns],
  );
  await page.waitForFunction(
    () => document.querySelector<HTMLElement>('.present pre.code')?.dataset.fitted !== undefined,
  );
}

describe('code on the projector', () => {
  it('starts at 28px (at least 24) when the block fits, with no ligatures', async () => {
    await openDeck('/hello-lectern/#/2');
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>('.present pre.code')?.dataset.fitted !== undefined,
    );
    const { size, cutRight, cutBelow } = await codeBlock();
    expect(size).toBeGreaterThanOrEqual(28);
    expect([cutRight, cutBelow]).toEqual([false, false]);
    const ligatures = await page
      .locator('.present pre.code')
      .evaluate((pre) => getComputedStyle(pre).fontVariantLigatures);
    expect(ligatures).toBe('none');
  });

  it('shrinks a long line to fit its box, never cutting it', async () => {
    await openDeck('/hello-lectern/#/2');
    await growCode(1, 84);
    const { size, cutRight } = await codeBlock();
    expect(size).toBeLessThan(28);
    expect(size).toBeGreaterThanOrEqual(20);
    expect(cutRight).toBe(false);
  });

  it('stops shrinking at 20px: past that the block must be split, not drawn smaller', async () => {
    await openDeck('/hello-lectern/#/2');
    await growCode(60, 10);
    const { size, cutBelow } = await codeBlock();
    expect(size).toBe(20);
    expect(cutBelow).toBe(true);
  });
});

type Rgba = [number, number, number, number];
const channel = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
const luminance = ([r, g, b]: Rgba) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
/** WCAG contrast of two opaque colours. */
const contrast = (a: Rgba, b: Rgba) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};
/** `colour` painted at `alpha` over an opaque `under`. */
const over = (colour: Rgba, under: Rgba, alpha = colour[3]): Rgba =>
  [0, 1, 2].map((i) => colour[i]! * alpha + under[i]! * (1 - alpha)).concat(1) as Rgba;

/** The colours a code block paints on a theme, read from the real stylesheet. */
function codeColours(theme: string) {
  return page.evaluate((theme) => {
    document.documentElement.dataset.theme = theme;
    const rgba = (css: string): [number, number, number, number] => {
      const [r, g, b, a] = css.match(/[\d.]+/g)!.map(Number);
      return [r!, g!, b!, a ?? 1];
    };
    const host = document.querySelector('.present .slide-body')!;
    const pre = document.createElement('pre');
    pre.className = 'code has-highlights';
    const kinds = ['keyword', 'string', 'comment', 'number', 'title', 'attr', 'built_in', 'meta', 'variable'];
    pre.innerHTML = `<code class="hljs"><span class="line hl">plain ${kinds.map((k) => `<span class="hljs-${k}">${k}</span>`).join(' ')}</span>\n<span class="line">dim</span></code>`;
    host.append(pre);
    const [lit, dim] = [...pre.querySelectorAll<HTMLElement>('.line')] as [HTMLElement, HTMLElement];
    const tokens = [lit.querySelector('code') ?? pre.querySelector('code')!, ...lit.querySelectorAll('span')].map(
      (el) => ({ name: el.className || 'plain', colour: rgba(getComputedStyle(el).color) }),
    );
    const result = {
      page: rgba(getComputedStyle(document.body).backgroundColor),
      code: rgba(getComputedStyle(pre).backgroundColor),
      litLine: rgba(getComputedStyle(lit).backgroundColor),
      dimOpacity: Number(getComputedStyle(dim).opacity),
      tokens,
    };
    pre.remove();
    return result;
  }, theme);
}

describe('code readable at every step', () => {
  it.each(THEMES)(
    'on the %s theme: lit tokens at least 4.5:1, dimmed lines at least 3:1, the box set off from the slide',
    async (theme) => {
      await openDeck('/advanced-kubernetes/#/6');
      const colours = await codeColours(theme);
      const code = colours.code;
      const litBackground = over(colours.litLine, code);
      expect(contrast(code, colours.page), 'code box against the slide').toBeGreaterThanOrEqual(1.3);
      for (const { name, colour } of colours.tokens) {
        expect(contrast(colour, litBackground), `${name} lit`).toBeGreaterThanOrEqual(4.5);
        expect(contrast(over(colour, code, colours.dimOpacity), code), `${name} dimmed`).toBeGreaterThanOrEqual(3);
      }
    },
  );
});

describe('surfaces on a washed-out projector', () => {
  it.each(THEMES)(
    'on the %s theme, cards, definitions and quiz choices stand off the slide at 1.3:1 or more',
    async (theme) => {
      await openDeck(`/advanced-kubernetes/?theme=${theme}#/14`);
      const [card, slide] = await page.evaluate(() =>
        [document.querySelector('.present .card')!, document.body].map((el) =>
          getComputedStyle(el)
            .backgroundColor.match(/[\d.]+/g)!
            .map(Number)
            .slice(0, 3)
            .concat(1),
        ),
      );
      expect(contrast(card as Rgba, slide as Rgba)).toBeGreaterThanOrEqual(1.3);
    },
  );
});

describe('chrome', () => {
  it("shows the slide counter plain, clear of reveal's arrows", async () => {
    await openDeck('/advanced-kubernetes/#/3');
    const { underline, size, overlap } = await page.evaluate(() => {
      const counter = document.querySelector('.slide-number')!;
      const link = counter.querySelector('a') ?? counter;
      const a = counter.getBoundingClientRect();
      const overlaps = [...document.querySelectorAll('.controls button')].some((button) => {
        const b = button.getBoundingClientRect();
        return b.width > 0 && !(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top);
      });
      return {
        underline: getComputedStyle(link).textDecorationLine,
        size: parseFloat(getComputedStyle(counter).fontSize),
        overlap: overlaps,
      };
    });
    expect(underline).toBe('none');
    expect(size).toBeGreaterThanOrEqual(16);
    expect(overlap).toBe(false);
  });

  it("keeps the cover's kicker styled and each meta pill on one line", async () => {
    await openDeck('/advanced-kubernetes/');
    const kicker = await page
      .locator('.present .cover .kicker')
      .evaluate((el) => [getComputedStyle(el).textTransform, getComputedStyle(el).fontFamily]);
    expect(kicker[0]).toBe('uppercase');
    expect(kicker[1]).toMatch(/JetBrains Mono/);
    const pills = await page.locator('.present .cover-meta span').evaluateAll((spans) =>
      spans.map((span) => ({
        text: span.textContent,
        lines: span.getClientRects().length,
        tall: span.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(span).fontSize) + 16,
      })),
    );
    expect(pills.map((pill) => pill.text)).toEqual(['~38 min', 'intermediate → advanced', 'builds on Part 1']);
    for (const pill of pills) expect(pill, pill.text ?? '').toMatchObject({ lines: 1, tall: false });
  });

  it('draws "→" with the deck\'s own font, not a fallback', async () => {
    await openDeck('/advanced-kubernetes/');
    const loaded = await page.evaluate(async () => {
      await document.fonts.load('30px Inter', '→');
      return [...document.fonts]
        .filter((face) => face.status === 'loaded' && /U\+2190/i.test(face.unicodeRange))
        .map((face) => face.family.replace(/"/g, ''));
    });
    expect(loaded).toContain('Inter');
  });
});

describe('slides that use the room', () => {
  it('centres a one-block slide in the space under its title', async () => {
    await openDeck('/advanced-kubernetes/#/2'); // the "Control plane" definition
    const { above, below } = await page.evaluate(() => {
      const slide = document.querySelector<HTMLElement>('.present')!.getBoundingClientRect();
      const block = document.querySelector<HTMLElement>('.present .definition')!.getBoundingClientRect();
      return { above: block.top - slide.top, below: slide.bottom - block.bottom };
    });
    expect(Math.abs(above - below)).toBeLessThan(40);
  });

  it('opens a section with its number, name and minutes, without the kicker line', async () => {
    await openDeck('/advanced-kubernetes/#/1');
    expect(await page.locator('.present .slide-kicker').count()).toBe(0);
    expect(await page.locator('.present .opener-meta').innerText()).toMatch(
      /^01\s*\/07\s*THE CONTROL PLANE, DEEP\s*6 MIN$/,
    );
    const number = await page
      .locator('.present .opener-number')
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(number).toBeGreaterThanOrEqual(80);
  });

  it('closes the talk centred, with no kicker carried over from the knowledge check', async () => {
    await openDeck('/advanced-kubernetes/#/54');
    expect(await page.locator('.present .slide-kicker').count()).toBe(0);
    expect(await page.locator('.present h2').innerText()).toBe('Thank you');
    const aligns = await page
      .locator('.present h2, .present .rating-prompt')
      .evaluateAll((els) => els.map((el) => getComputedStyle(el).textAlign));
    expect(aligns).toEqual(['center', 'center']);
  });

  it('aligns a right-to-left paragraph to the right', async () => {
    await openDeck('/advanced-kubernetes/#/1');
    const align = await page.evaluate(() => {
      const p = document.createElement('p');
      p.setAttribute('dir', 'auto');
      p.textContent = 'فقرة بالعربية عن مستوى التحكم.';
      document.querySelector('.present .slide-body')!.append(p);
      const box = p.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(p);
      const text = range.getBoundingClientRect();
      return { gapRight: box.right - text.right, gapLeft: text.left - box.left };
    });
    expect(align.gapRight).toBeLessThan(2);
    expect(align.gapLeft).toBeGreaterThan(100);
  });
});

describe('the library page', () => {
  it('follows ?theme= and passes it on to the decks it opens', async () => {
    await page.goto(`${server.url}/?theme=light`);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(253, 253, 251)');
    expect(await page.getByRole('link', { name: 'Hello, lectern' }).getAttribute('href')).toMatch(
      /\/hello-lectern\/\?theme=light$/,
    );
  });

  it('isolates section titles so their minutes stay after them', async () => {
    await page.goto(`${server.url}/`);
    expect(await page.locator('.library-sections li bdi').first().innerText()).toBe('The control plane, deep');
  });
});
