import { preview } from 'vite';
import { NO_BROWSER_HELP } from '../findBrowser.ts';
import type { DeckLoader } from '../loadDeck.ts';
import { checkLayout, formatWarning, type LayoutWarning, sortWarnings } from './layoutCheck.ts';

/** What the layout check found in one build, or why it could not look. */
export interface LayoutRun {
  /** Everything that does not fit, with the compile step's warnings (diagrams too big), in file order. */
  warnings: LayoutWarning[];
  /** Why the check did not run (no browser), or null when it did. */
  skipped: string | null;
  decks: number;
  ms: number;
}

/**
 * Serves the folder Vite just wrote on 127.0.0.1 and lays every deck out in the diagram renderer's
 * browser: the slides as the room will see them, with the bundled CSS and fonts. `compiled` are the
 * warnings the compile step already found; they join the layout's in one list.
 */
export async function checkBuiltDecks(
  loader: DeckLoader,
  outDir: string,
  decks: Array<{ id: string; file: string }>,
  compiled: LayoutWarning[] = [],
): Promise<LayoutRun> {
  const started = Date.now();
  const browser = await loader.browser();
  if (!browser) return { warnings: sortWarnings(compiled), skipped: NO_BROWSER_HELP, decks: decks.length, ms: 0 };
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
      decks,
      (id) => `http://127.0.0.1:${address.port}/${encodeURIComponent(id)}/`,
    );
    return {
      warnings: sortWarnings([...compiled, ...warnings]),
      skipped: null,
      decks: decks.length,
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
      `lectern: layout checked: every slide of ${run.decks} deck${run.decks === 1 ? '' : 's'} fits (${(run.ms / 1000).toFixed(1)} s)`
    );
  const hint = strict ? '' : '\n  (a warning; `lectern build --strict` makes it an error)';
  return `${skipped ? `${skipped}\n` : ''}${describeWarnings(run.warnings)}${hint}`;
}

/** `lectern: 2 warnings: what does not fit or cannot be read on its slide:` and one line per warning. */
export function describeWarnings(warnings: LayoutWarning[]): string {
  const count = `${warnings.length} warning${warnings.length === 1 ? '' : 's'}`;
  return `lectern: ${count}: what does not fit or cannot be read on its slide:\n${warnings.map((warning) => `  ${formatWarning(warning)}`).join('\n')}`;
}
