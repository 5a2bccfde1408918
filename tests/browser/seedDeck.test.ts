import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeckManifest } from '../../src/compile/manifest.ts';
import { THEMES } from '../../src/compile/manifest.ts';
import { startBrowser } from '../helpers/browser.ts';
import { DIST } from '../helpers/build.ts';
import { type StaticServer, serveDist } from '../helpers/staticServer.ts';

const DECK = 'advanced-kubernetes';
const manifest = JSON.parse(readFileSync(join(DIST, DECK, 'manifest.json'), 'utf8')) as DeckManifest;

let browser: Browser;
let server: StaticServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([startBrowser(), serveDist()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface SlideProblem {
  slide: string;
  problem: string;
}

/**
 * Shows one slide with every fragment visible and lists what a person would see wrong:
 * content past the slide's edges, a missing or empty diagram, code left unhighlighted.
 */
function inspectSlide(page: Page, h: number, v: number): Promise<SlideProblem[]> {
  return page.evaluate(
    ([h, v]) => {
      const deck = window.Reveal;
      deck.slide(h, v, Number.MAX_SAFE_INTEGER);
      const slide = deck.getCurrentSlide() as HTMLElement;
      const name = `${h}.${v} "${slide.querySelector('h1, h2, .quiz-prompt, .rating-prompt')?.textContent?.trim() ?? ''}"`;
      const problems: string[] = [];
      const frame = slide.getBoundingClientRect();
      const scale = deck.getScale();
      const tolerance = 1;
      for (const element of slide.querySelectorAll<HTMLElement>('*')) {
        if (element.closest('aside.notes')) continue;
        const box = element.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        if (
          box.right > frame.right + tolerance ||
          box.bottom > frame.bottom + tolerance ||
          box.left < frame.left - tolerance ||
          box.top < frame.top - tolerance
        ) {
          const past = Math.round(Math.max(box.right - frame.right, box.bottom - frame.bottom) / scale);
          problems.push(
            `<${element.tagName.toLowerCase()} class="${element.getAttribute('class') ?? ''}"> runs ${past}px past the slide`,
          );
          break;
        }
      }
      for (const pre of slide.querySelectorAll<HTMLElement>('pre')) {
        if (pre.scrollWidth > pre.clientWidth + tolerance) problems.push('a code line is cut off at the right');
        if (!pre.querySelector('code.hljs[class*="language-"] [class^="hljs-"]'))
          problems.push('code is not highlighted');
      }
      for (const diagram of slide.querySelectorAll<HTMLElement>('.diagram')) {
        const svg = diagram.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        if (!svg || !box || box.width < 50 || box.height < 30) problems.push('a diagram is missing or empty');
        else if (svg.querySelectorAll('.node').length < 2 || !svg.textContent?.trim())
          problems.push('a diagram has no nodes or labels');
      }
      return problems.map((problem) => ({ slide: name, problem }));
    },
    [h, v],
  );
}

describe('the advanced Kubernetes talk', () => {
  it('plans seven sections of 6, 6, 6, 5, 5, 5 and 5 minutes', () => {
    expect(manifest.title).toBe('Advanced Kubernetes & the machinery underneath');
    expect(manifest.sections.map((section) => section.minutes)).toEqual([6, 6, 6, 5, 5, 5, 5]);
    expect(manifest.minutes).toBe(38);
  });

  it('asks five questions with four choices and one right answer each, then asks for a rating', () => {
    const quizzes = manifest.polls.filter((poll) => poll.kind === 'quiz');
    expect(quizzes).toHaveLength(5);
    for (const quiz of quizzes) {
      expect(quiz.choices).toHaveLength(4);
      expect(quiz.answer).toBeGreaterThanOrEqual(0);
      expect(quiz.answer).toBeLessThan(4);
      expect(quiz.explanation.length).toBeGreaterThan(10);
    }
    expect(manifest.polls.at(-1)).toMatchObject({ kind: 'rating', id: 'rating' });
  });

  it('has speaker notes on every slide', () => {
    const html = readFileSync(join(DIST, DECK, 'index.html'), 'utf8');
    const slides = html.split(/<section class="slide/).slice(1);
    expect(slides).toHaveLength(manifest.slideCount);
    slides.forEach((slide, i) => expect(slide, `slide ${i}`).toMatch(/<aside class="notes">\s*<p[^>]*>\S/));
  });

  it.each(THEMES)(
    'fits every slide on a 1280×720 canvas, with diagrams drawn and code highlighted, on the %s theme',
    async (theme) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(`${server.url}/${DECK}/?theme=${theme}&transition=none`);
      await page.waitForFunction(() => window.Reveal?.isReady());
      await page.evaluate(() => document.fonts.ready);
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      const problems: SlideProblem[] = [];
      for (const slide of manifest.slides) problems.push(...(await inspectSlide(page, slide.h, slide.v)));
      await page.close();
      expect(problems).toEqual([]);
    },
  );
});
