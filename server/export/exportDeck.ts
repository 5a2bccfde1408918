/**
 * One export, start to end: check the deck → build it if needed → read the results if asked → serve
 * the built deck privately → print it in the system browser → write the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { findBrowser, NO_BROWSER_HELP } from '../../src/build/findBrowser.ts';
import { launchBrowser } from '../../src/build/launchBrowser.ts';
import type { DeckManifest } from '../../src/compile/manifest.ts';
import type { TalkResults } from '../../src/protocol.ts';
import { parseManifest } from '../decks.ts';
import type { ExportOptions } from './args.ts';
import { builtDecks, checkDeckExists } from './deckSource.ts';
import { ExportError } from './errors.ts';
import { countPdfPages } from './pdfPages.ts';
import { printDeck } from './printDeck.ts';
import type { Progress } from './progress.ts';
import { readResults } from './readResults.ts';
import { serveStatic } from './staticServer.ts';

export interface ExportReport {
  /** Absolute path of the PDF. */
  file: string;
  bytes: number;
  /** Pages in the PDF, or null if they could not be counted. */
  pages: number | null;
  slides: number;
  /** True when `dist/` was stale and a private copy was built for this export. */
  built: boolean;
  /** Milliseconds: the whole export, starting the browser, and `page.pdf()` alone. */
  timings: { totalMs: number; launchMs: number; printMs: number };
}

export interface ExportContext {
  /** The project root (holds `slides/`, `dist/`, `vite.config.ts`). */
  root: string;
  env: NodeJS.ProcessEnv;
  progress: Progress;
}

const silence = () => {};

async function startBrowser(env: NodeJS.ProcessEnv): Promise<{ browser: Browser; launchMs: number }> {
  const executable = findBrowser(env);
  if (!executable) throw new ExportError(NO_BROWSER_HELP);
  const started = performance.now();
  try {
    return { browser: await launchBrowser(executable), launchMs: performance.now() - started };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new ExportError(`could not start the browser at ${executable}: ${reason}\n${NO_BROWSER_HELP}`);
  }
}

export async function exportDeck(options: ExportOptions, { root, env, progress }: ExportContext): Promise<ExportReport> {
  const started = performance.now();
  checkDeckExists(root, options.deck);
  // Started now so the browser comes up while the deck is checked, built and its results read.
  const launching = startBrowser(env);
  launching.catch(silence);
  try {
    progress.step('build');
    const decks = await builtDecks(root, options.deck, !options.build);
    try {
      const manifestFile = path.join(decks.dir, options.deck, 'manifest.json');
      const json = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Partial<DeckManifest>;
      const manifest = parseManifest(json, manifestFile);
      const results: TalkResults | null = options.results ? await readResults(manifest, root, env) : null;

      const server = await serveStatic(decks.dir);
      try {
        const { browser, launchMs } = await launching;
        const { pdf, printMs } = await printDeck(
          browser,
          { origin: server.origin, deck: options.deck, notes: options.notes, fragments: options.fragments, results },
          (step) => progress.step(step),
        );
        progress.step('write');
        const file = path.resolve(options.out);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, pdf);
        return {
          file,
          bytes: pdf.length,
          pages: countPdfPages(pdf),
          slides: json.slideCount ?? 0,
          built: decks.built,
          timings: { totalMs: performance.now() - started, launchMs, printMs },
        };
      } finally {
        await server.close();
      }
    } finally {
      decks.dispose();
    }
  } finally {
    await launching.then((b) => b.browser.close()).catch(silence);
  }
}
