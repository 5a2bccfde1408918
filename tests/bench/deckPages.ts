import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { preview } from 'vite';
import { startBrowser } from '../helpers/browser.ts';
import { buildFixtureDecks, PROJECT_ROOT } from '../helpers/build.ts';
import type { Row } from './buildEdit.ts';
import { commandBuildRows } from './buildEdit.ts';
import { pageWeight } from './pageWeight.ts';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function dirBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
}

async function timed(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

/** JS gzip bytes a deck page fetches up to showing its first diagram slide (the lazy Mermaid fallback included). */
async function jsToFirstDiagram(dist: string, deck: string): Promise<number> {
  const server = await preview({
    root: PROJECT_ROOT,
    configFile: false,
    logLevel: 'silent',
    build: { outDir: dist },
    preview: { host: '127.0.0.1', port: 0 },
  });
  const address = server.httpServer.address() as { port: number };
  const browser = await startBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const scripts = new Set<string>();
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (path.endsWith('.js')) scripts.add(path);
    });
    await page.goto(`http://127.0.0.1:${address.port}/${deck}/`);
    await page.waitForFunction(() => window.Reveal?.isReady());
    await page.evaluate(() => {
      const slides = window.Reveal.getSlides();
      const index = slides.findIndex((slide) => slide.querySelector('.diagram'));
      const { h, v } = window.Reveal.getIndices(slides[index]);
      window.Reveal.slide(h, v);
    });
    await page.waitForFunction(() => document.querySelector('.present .diagram svg'), null, { timeout: 60_000 });
    return [...scripts].reduce((sum, path) => sum + gzipSync(readFileSync(join(dist, path)), { level: 9 }).length, 0);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Build times and the weight of the deck and library pages, with diagrams drawn at build time and without. */
export async function benchDeckPages(): Promise<Row[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'lectern-bench-build-'));
  try {
    const slides = join(scratch, 'slides');
    cpSync(join(PROJECT_ROOT, 'slides'), slides, { recursive: true });
    for (const deck of ['advanced-kubernetes', 'hello-lectern'])
      rmSync(join(slides, deck, '.diagrams'), { recursive: true, force: true });
    const dist = join(scratch, 'dist');
    const cold = await timed(() => buildFixtureDecks(slides, dist));
    const warm = await timed(() => buildFixtureDecks(slides, dist));
    const deck = pageWeight(dist, 'advanced-kubernetes/index.html');
    const library = pageWeight(dist, 'index.html');
    const drawn = await jsToFirstDiagram(dist, 'advanced-kubernetes');

    // The fallback: no cached diagrams and no browser, so Mermaid runs in the page.
    for (const deckId of ['advanced-kubernetes', 'hello-lectern'])
      rmSync(join(slides, deckId, '.diagrams'), { recursive: true, force: true });
    const chrome = process.env.LECTERN_CHROME;
    process.env.LECTERN_CHROME = '/nonexistent';
    const lazyDist = join(scratch, 'dist-lazy');
    try {
      await buildFixtureDecks(slides, lazyDist);
    } finally {
      if (chrome === undefined) delete process.env.LECTERN_CHROME;
      else process.env.LECTERN_CHROME = chrome;
    }
    const lazy = await jsToFirstDiagram(lazyDist, 'advanced-kubernetes');

    // The command in the scratch talk folder, as a speaker runs it: cold, warm, and after a one-slide edit.
    const commandRows = commandBuildRows(scratch);

    return [
      ['build, cold (every diagram drawn in Chromium)', `${cold.toFixed(1)} s`],
      ['build, warm (diagrams from the cache)', `${warm.toFixed(1)} s`],
      ...commandRows,
      ['dist/ of the seed decks, every diagram drawn', `${(dirBytes(join(scratch, 'dist')) / 1e6).toFixed(1)} MB`],
      ['dist/ with the Mermaid fallback (no browser)', `${(dirBytes(lazyDist) / 1e6).toFixed(1)} MB`],
      ['deck page: JS + CSS gzip', `${kb(deck.jsGzip)} + ${kb(deck.cssGzip)} = ${kb(deck.jsGzip + deck.cssGzip)}`],
      [
        'library page: JS + CSS gzip',
        `${kb(library.jsGzip)} + ${kb(library.cssGzip)} = ${kb(library.jsGzip + library.cssGzip)}`,
      ],
      ['JS gzip to show a diagram, drawn at build time', kb(drawn)],
      ['JS gzip to show a diagram, Mermaid fallback in the page', kb(lazy)],
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
