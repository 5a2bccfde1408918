import { findBrowser, NO_BROWSER_HELP } from '../findBrowser.ts';
import type { DeckLoader } from '../loadDeck.ts';
import { openLayoutCache } from './layoutCache.ts';
import { checkLayout, formatWarning, type LayoutWarning, sortWarnings } from './layoutCheck.ts';

/** What the layout check found in one build, or why it could not look. */
export interface LayoutRun {
  /** Everything that does not fit, with the compile step's warnings (diagrams too big), in file order. */
  warnings: LayoutWarning[];
  /** Why the check did not run (no browser), or null when it did. */
  skipped: string | null;
  decks: number;
  /** Decks whose built page was the same as at their last check: its findings were reused. */
  unchanged?: number;
  ms: number;
}

/**
 * Serves the folder Vite just wrote on 127.0.0.1 and lays every deck out in the diagram renderer's
 * browser: the slides as the room will see them, with the bundled CSS and fonts. `compiled` are the
 * warnings the compile step already found; they join the layout's in one list. With `cacheFile`, a
 * deck whose built page is what it was at its last check keeps that check's findings (see
 * `layoutCache.ts`), and only the others are laid out.
 */
export async function checkBuiltDecks(
  loader: DeckLoader,
  outDir: string,
  decks: Array<{ id: string; file: string }>,
  compiled: LayoutWarning[] = [],
  cacheFile?: string,
): Promise<LayoutRun> {
  const started = Date.now();
  const executable = findBrowser();
  const cache = cacheFile && executable ? openLayoutCache(cacheFile, outDir, executable) : null;
  const reused: LayoutWarning[] = [];
  const toCheck = decks.filter((deck) => {
    const known = cache?.get(deck.id, deck.file);
    if (known) reused.push(...known);
    return !known;
  });
  const unchanged = decks.length - toCheck.length;
  if (toCheck.length === 0)
    return { warnings: sortWarnings([...compiled, ...reused]), skipped: null, decks: decks.length, unchanged, ms: 0 };
  const browser = await loader.browser();
  if (!browser) return { warnings: sortWarnings(compiled), skipped: NO_BROWSER_HELP, decks: decks.length, ms: 0 };
  // Vite's preview server is loaded only for decks to lay out: a build that reuses every finding needs none.
  const { preview } = await import('vite');
  const server = await preview({
    configFile: false,
    logLevel: 'silent',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  try {
    const address = server.httpServer.address();
    if (!address || typeof address === 'string') throw new Error('lectern: the layout check could not serve the build');
    const warnings = await checkLayout(
      browser,
      toCheck,
      (id) => `http://127.0.0.1:${address.port}/${encodeURIComponent(id)}/`,
    );
    if (cache) {
      for (const deck of toCheck)
        cache.set(
          deck.id,
          deck.file,
          warnings.filter((warning) => warning.deck === deck.id),
        );
      cache.save();
    }
    return {
      warnings: sortWarnings([...compiled, ...reused, ...warnings]),
      skipped: null,
      decks: decks.length,
      unchanged,
      ms: Date.now() - started,
    };
  } finally {
    await server.close();
  }
}

/** The build log's account of a layout run: one line when all fits, else one line per warning. */
export function describeLayoutRun(run: LayoutRun, strict: boolean): string {
  const skipped = run.skipped ? `lectern: layout check skipped: ${run.skipped}` : '';
  if (!run.warnings.length)
    return (
      skipped ||
      `lectern: layout checked: every slide of ${run.decks} deck${run.decks === 1 ? '' : 's'} fits (${
        run.unchanged === run.decks
          ? 'unchanged since the last check'
          : `${(run.ms / 1000).toFixed(1)} s${run.unchanged ? `; ${run.unchanged} unchanged since the last check` : ''}`
      })`
    );
  const hint = strict ? '' : '\n  (a warning; `lectern build --strict` makes it an error)';
  return `${skipped ? `${skipped}\n` : ''}${describeWarnings(run.warnings)}${hint}`;
}

/** `lectern: 2 warnings: what does not fit or cannot be read on its slide:` and one line per warning. */
export function describeWarnings(warnings: LayoutWarning[]): string {
  const count = `${warnings.length} warning${warnings.length === 1 ? '' : 's'}`;
  return `lectern: ${count}: what does not fit or cannot be read on its slide:\n${warnings.map((warning) => `  ${formatWarning(warning)}`).join('\n')}`;
}
