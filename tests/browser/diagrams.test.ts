import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THEMES } from '../../src/compile/manifest.ts';
import { startBrowser } from '../helpers/browser.ts';
import { buildFixtureDecks, PROJECT_ROOT } from '../helpers/build.ts';
import { type StaticServer, serveDist } from '../helpers/staticServer.ts';

/**
 * Every diagram of the seed decks and of the design-check deck (one of each Mermaid type), on every
 * theme, as the room sees it at 1280×720: labels large enough, no word cut in two, every text
 * readable on the shape behind it, no drop-shadow.
 */
const FIXTURE_DECKS = join(PROJECT_ROOT, 'tests/fixtures/decks');
const DECKS = [
  { id: 'design-check', file: join(FIXTURE_DECKS, 'design-check/deck.md'), fixture: true },
  { id: 'advanced-kubernetes', file: join(PROJECT_ROOT, 'slides/advanced-kubernetes/deck.md'), fixture: false },
  { id: 'hello-lectern', file: join(PROJECT_ROOT, 'slides/hello-lectern/deck.md'), fixture: false },
];
const MIN_LABEL_PX = 20;
const MIN_CONTRAST = 4.5;

let browser: Browser;
let seedServer: StaticServer;
let fixtureServer: StaticServer;
let fixtureDist: string;
beforeAll(async () => {
  fixtureDist = mkdtempSync(join(tmpdir(), 'lectern-design-check-'));
  await buildFixtureDecks(FIXTURE_DECKS, fixtureDist);
  [browser, seedServer, fixtureServer] = await Promise.all([startBrowser(), serveDist(), serveDist(fixtureDist)]);
});
afterAll(async () => {
  await browser?.close();
  await seedServer?.close();
  await fixtureServer?.close();
  rmSync(fixtureDist, { recursive: true, force: true });
});

/** Every word the deck's diagrams were written with, so a label cut inside a word can be told apart from a line break. */
function diagramWords(file: string): string[] {
  const sources = [...readFileSync(file, 'utf8').matchAll(/```mermaid\n([\s\S]*?)```/g)].map((match) => match[1]!);
  return [...new Set(sources.flatMap((source) => words(source)))];
}
const words = (text: string) => text.split(/[\s"'`[\](){}|:;,<>*=]+/).filter(Boolean);

interface DiagramFacts {
  slide: string;
  widthShare: number;
  smallestLabel: number;
  lowestContrast: { ratio: number; text: string };
  brokenWords: string[];
  shadows: number;
}

/** Measures every diagram on the current slide, in the slide's own pixels. */
function measureDiagrams(page: Page, sourceWords: string[]): Promise<DiagramFacts[]> {
  return page.evaluate((sourceWords) => {
    const known = new Set(sourceWords);
    const slide = window.Reveal.getCurrentSlide() as HTMLElement;
    const scale = slide.getBoundingClientRect().width / slide.offsetWidth;
    const title = slide.querySelector('h1, h2')?.textContent?.trim() ?? '';
    const parse = (color: string): [number, number, number, number] | null => {
      const match = /rgba?\(([^)]+)\)/.exec(color);
      if (!match) return null;
      const [r, g, b, a = 1] = match[1]!
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      return [r!, g!, b!, a];
    };
    const luminance = ([r, g, b]: number[]) => {
      const channel = (value: number) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
    };
    const over = (top: number[], bottom: number[]) =>
      top.slice(0, 3).map((c, i) => c * top[3]! + bottom[i]! * (1 - top[3]!));
    const contrast = (a: number[], b: number[]) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    const page = parse(getComputedStyle(document.body).backgroundColor)!;
    const SHAPES = new Set(['rect', 'path', 'circle', 'ellipse', 'polygon']);

    return [...slide.querySelectorAll<SVGSVGElement>('.diagram > svg')].map((svg) => {
      const texts = [...svg.querySelectorAll<SVGTextElement>('text')].filter(
        (text) => text.textContent?.trim() && text.getBBox().width > 0,
      );
      let smallestLabel = Infinity;
      let lowestContrast = { ratio: Infinity, text: '' };
      const brokenWords: string[] = [];
      for (const text of texts) {
        const drawn = (parseFloat(getComputedStyle(text).fontSize) * (text.getScreenCTM()?.a ?? 0)) / scale;
        smallestLabel = Math.min(smallestLabel, drawn);

        // The shape painted right behind the middle of the text, or the slide itself.
        const box = text.getBoundingClientRect();
        const behind = document
          .elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2)
          .find(
            (element) =>
              svg.contains(element) && SHAPES.has(element.tagName) && getComputedStyle(element).fill.startsWith('rgb'),
          );
        const fill = behind ? parse(getComputedStyle(behind).fill)! : page;
        const ink = parse(getComputedStyle(text).fill)!;
        const ratio = contrast(over(ink, over(fill, page)), over(fill, page));
        if (ratio < lowestContrast.ratio) lowestContrast = { ratio, text: text.textContent!.trim() };

        // A line that ends and the next that starts with the two halves of one word: a cut word.
        const rows = [...text.querySelectorAll(':scope > tspan.row')].map((row) => row.textContent!.trim());
        for (let i = 0; i + 1 < rows.length; i++) {
          const end = rows[i]!.split(/\s+/)
            .at(-1)!
            .replace(/[^\p{L}\p{N}-]/gu, '');
          const start = rows[i + 1]!.split(/\s+/)[0]!.replace(/[^\p{L}\p{N}-]/gu, '');
          if (end && start && known.has(end + start) && !(known.has(end) && known.has(start)))
            brokenWords.push(`${rows[i]} / ${rows[i + 1]}`);
        }
      }
      const shadows = [svg, ...svg.querySelectorAll('*')].filter(
        (element) => getComputedStyle(element).filter !== 'none',
      ).length;
      return {
        slide: title,
        widthShare: svg.getBoundingClientRect().width / scale / slide.offsetWidth,
        smallestLabel,
        lowestContrast,
        brokenWords,
        shadows,
      };
    });
  }, sourceWords);
}

async function diagramsOnTheme(deck: (typeof DECKS)[number], theme: string): Promise<DiagramFacts[]> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  try {
    const server = deck.fixture ? fixtureServer : seedServer;
    await page.goto(`${server.url}/${deck.id}/?theme=${theme}`);
    await page.waitForFunction(() => window.Reveal?.isReady());
    await page.evaluate(() => document.fonts.ready);
    const slides = await page.evaluate(() =>
      window.Reveal.getSlides()
        .filter((slide) => slide.querySelector('.diagram'))
        .map((slide) => window.Reveal.getIndices(slide)),
    );
    const facts: DiagramFacts[] = [];
    const sourceWords = diagramWords(deck.file);
    for (const { h, v } of slides) {
      await page.evaluate(([h, v]) => window.Reveal.slide(h, v ?? 0, Number.MAX_SAFE_INTEGER), [h, v] as const);
      // The slide transition has ended and the diagram has been fitted to the slide.
      await page.waitForFunction(() => {
        const slide = window.Reveal.getCurrentSlide() as HTMLElement;
        return (
          !document
            .querySelector('.reveal .slides section.present:not(.stack)')
            ?.closest('.slides')
            ?.classList.contains('transitioning') &&
          [...slide.querySelectorAll<SVGSVGElement>('.diagram > svg')].every((svg) => svg.dataset.scale)
        );
      });
      await page.waitForTimeout(850);
      facts.push(...(await measureDiagrams(page, sourceWords)));
    }
    return facts;
  } finally {
    await page.close();
  }
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

describe('diagrams as the room sees them', () => {
  for (const deck of DECKS) {
    it(`${deck.id}: labels ≥ ${MIN_LABEL_PX} px, no cut words, text ≥ ${MIN_CONTRAST}:1 on its shape, no shadows, on every theme`, async () => {
      const problems: string[] = [];
      const rows: Record<string, string | number>[] = [];
      for (const theme of THEMES) {
        const facts = await diagramsOnTheme(deck, theme);
        expect(facts.length, `${deck.id} has diagrams`).toBeGreaterThan(0);
        for (const diagram of facts) {
          const where = `${deck.id} · ${theme} · "${diagram.slide}"`;
          if (diagram.smallestLabel < MIN_LABEL_PX - 0.05)
            problems.push(`${where}: a label is drawn at ${round(diagram.smallestLabel)} px`);
          if (diagram.lowestContrast.ratio < MIN_CONTRAST)
            problems.push(
              `${where}: "${diagram.lowestContrast.text}" is ${round(diagram.lowestContrast.ratio, 2)}:1 on its shape`,
            );
          for (const cut of diagram.brokenWords) problems.push(`${where}: a label breaks inside a word: ${cut}`);
          if (diagram.shadows) problems.push(`${where}: ${diagram.shadows} elements draw a filter (drop-shadow)`);
        }
        rows.push({
          deck: deck.id,
          theme,
          diagrams: facts.length,
          'width % (min–max)': `${round(Math.min(...facts.map((f) => f.widthShare)) * 100, 0)}–${round(Math.max(...facts.map((f) => f.widthShare)) * 100, 0)}`,
          'smallest label px': round(Math.min(...facts.map((f) => f.smallestLabel))),
          'lowest contrast': round(Math.min(...facts.map((f) => f.lowestContrast.ratio)), 2),
        });
      }
      console.table(rows);
      expect(problems).toEqual([]);
    }, 240_000);
  }

  it('are fitted to their page in the PDF handout (the print view) as on the projector', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    try {
      await page.goto(`${seedServer.url}/advanced-kubernetes/?print-pdf`);
      await page.waitForFunction(
        () =>
          document.querySelector('.pdf-page') &&
          [...document.querySelectorAll<SVGSVGElement>('.diagram > svg')].every((svg) => svg.dataset.scale),
      );
      const labels = await page.evaluate(() =>
        [...document.querySelectorAll<SVGSVGElement>('.diagram > svg')].map(
          (svg) => Number(svg.dataset.scale) * Number(svg.getAttribute('data-label-px')),
        ),
      );
      expect(labels).toHaveLength(7);
      for (const label of labels) expect(label).toBeGreaterThanOrEqual(MIN_LABEL_PX);
    } finally {
      await page.close();
    }
  });
});
