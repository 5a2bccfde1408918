/**
 * One export, start to end: check the deck, the browser and (if asked) the results → build the deck
 * if needed → serve the built deck privately → print it in the system browser → write the file.
 * Everything that can fail for a reason the speaker can fix fails before the slow steps.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { findBrowser, NO_BROWSER_HELP } from '../../src/build/findBrowser.ts';
import { launchBrowser } from '../../src/build/launchBrowser.ts';
import type { DeckManifest } from '../../src/compile/manifest.ts';
import type { TalkReport, TalkResults } from '../../src/protocol.ts';
import type { StoredTalk } from '../store/types.ts';
import type { ExportOptions } from './args.ts';
import { builtDecks, checkDeckExists } from './deckSource.ts';
import { ExportError } from './errors.ts';
import { countPdfPages } from './pdfPages.ts';
import { printDeck } from './printDeck.ts';
import { printReport } from './printReport.ts';
import type { Progress } from './progress.ts';
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

const ignore = () => {};

async function startBrowser(executable: string): Promise<{ browser: Browser; launchMs: number }> {
  const started = performance.now();
  try {
    return { browser: await launchBrowser(executable), launchMs: performance.now() - started };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new ExportError(`could not start the browser at ${executable}: ${reason}\n${NO_BROWSER_HELP}`);
  }
}

/** `--results` only: loaded on demand, as the store and the results code are not needed otherwise. */
async function storedTalk(options: ExportOptions, root: string, env: NodeJS.ProcessEnv): Promise<StoredTalk | null> {
  if (!options.results) return null;
  const { readStoredTalk } = await import('./readResults.ts');
  return readStoredTalk(options.deck, root, env, options.run);
}

/** `--report` only: the runs it shows, read before the slow steps so a wrong run name fails at once. */
async function reportRuns(options: ExportOptions, root: string, env: NodeJS.ProcessEnv) {
  if (!options.report) return null;
  const { readReportRuns } = await import('./readResults.ts');
  return readReportRuns(options.deck, root, env, options.run, options.compare);
}

async function resultsOf(
  stored: StoredTalk | null,
  manifest: unknown,
  manifestFile: string,
): Promise<TalkResults | null> {
  if (!stored) return null;
  const { talkResults } = await import('./readResults.ts');
  return talkResults(manifest, manifestFile, stored);
}

async function reportOf(
  manifest: unknown,
  manifestFile: string,
  runs: NonNullable<Awaited<ReturnType<typeof reportRuns>>>,
): Promise<TalkReport> {
  const { parseManifest } = await import('../loadDecks.ts');
  const { buildTalkReport } = await import('../results/report.ts');
  return buildTalkReport(parseManifest(manifest, manifestFile), runs.shown, runs.all);
}

export async function exportDeck(
  options: ExportOptions,
  { root, env, progress }: ExportContext,
): Promise<ExportReport> {
  const started = performance.now();
  await checkDeckExists(root, options.deck);
  const executable = findBrowser(env);
  if (!executable) throw new ExportError(NO_BROWSER_HELP);
  const stored = await storedTalk(options, root, env);
  const runs = await reportRuns(options, root, env);

  // Started now so the browser comes up while the deck is checked or built.
  const launching = startBrowser(executable);
  launching.catch(ignore);
  try {
    progress.step('build');
    const distDir = path.resolve(options.dist ?? path.join(root, 'dist'));
    const decks = await builtDecks({ root, distDir, deck: options.deck, useDistAsIs: !options.build }, (why) =>
      progress.note(why),
    );
    try {
      const manifestFile = path.join(decks.dir, options.deck, 'manifest.json');
      const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as DeckManifest;
      const results = await resultsOf(stored, manifest, manifestFile);

      const server = await serveStatic(decks.dir);
      try {
        const { browser, launchMs } = await launching;
        const { pdf, printMs } = runs
          ? await printReport(
              browser,
              { origin: server.origin, deck: options.deck, report: await reportOf(manifest, manifestFile, runs) },
              (step) => progress.step(step),
            )
          : await printDeck(
              browser,
              {
                origin: server.origin,
                deck: options.deck,
                notes: options.notes,
                fragments: options.fragments,
                results,
              },
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
          slides: manifest.slideCount,
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
    await launching.then(({ browser }) => browser.close()).catch(ignore);
  }
}
