import { serveStatic } from '../../../server/export/staticServer.ts';
import { findBrowser, NO_BROWSER_HELP } from '../findBrowser.ts';
import type { DeckLoader } from '../loadDeck.ts';
import { type DeckLookup, openLayoutCache } from './layoutCache.ts';
import { formatWarning, type LayoutWarning, overflowWarnings, sortWarnings } from './layoutCheck.ts';
import { measureDeck } from './measureDeck.ts';

/** What the layout check found in one build, or why it could not look. */
export interface LayoutRun {
  /** Everything that does not fit, with the compile step's warnings (diagrams too big), in file order. */
  warnings: LayoutWarning[];
  /** Why the check did not run (no browser), or null when it did. */
  skipped: string | null;
  decks: number;
  /** Decks none of whose slides had changed since their last check: all their findings were reused. */
  unchanged?: number;
  /** Slides in the decks checked, and how many of them were laid out in the browser this time (the others' findings were reused). */
  slides?: number;
  laidOut?: number;
  ms: number;
}

/** A deck to check, and which of its slides must be laid out (every one when `slides` is left out). */
interface DeckToCheck {
  id: string;
  file: string;
  lookup: DeckLookup | null;
  slides?: number[];
}

/**
 * Serves the folder the build just wrote on 127.0.0.1 and lays every deck out in the diagram renderer's
 * browser: the slides as the room will see them, with the bundled CSS and fonts. `compiled` are the
 * warnings the compile step already found; they join the layout's in one list. With `cacheFile`, a
 * slide whose markup, and the page around it, are what they were at its last check keeps that check's
 * findings (see `layoutCache.ts`), and only the others are laid out: no browser starts when none changed.
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
  let slideCount = 0;
  const checks: DeckToCheck[] = decks.map((deck) => {
    const lookup = cache?.look(deck.id, deck.file) ?? null;
    if (!lookup) return { ...deck, lookup };
    slideCount += lookup.known.length;
    const slides: number[] = [];
    lookup.known.forEach((known, index) => {
      if (known) reused.push(...known);
      else slides.push(index);
    });
    return { ...deck, lookup, slides };
  });
  const toCheck = checks.filter((deck) => !deck.slides || deck.slides.length > 0);
  const unchanged = decks.length - toCheck.length;
  const counts = { decks: decks.length, unchanged, slides: slideCount };
  if (toCheck.length === 0)
    return { warnings: sortWarnings([...compiled, ...reused]), skipped: null, ...counts, laidOut: 0, ms: 0 };
  const browser = await loader.browser();
  if (!browser) return { warnings: sortWarnings(compiled), skipped: NO_BROWSER_HELP, decks: decks.length, ms: 0 };
  // The live server's own file handler, as the export uses: the check sees the pages as phones get them.
  const server = await serveStatic(outDir);
  try {
    const found: LayoutWarning[] = [];
    let laidOut = 0;
    let slides = slideCount;
    for (const deck of toCheck) {
      const url = `${server.origin}/${encodeURIComponent(deck.id)}/`;
      const page = await loader.takePage();
      const measured = await measureDeck(browser, url, {
        ...(deck.slides ? { slides: deck.slides } : {}),
        ...(page ? { page } : {}),
      });
      laidOut += measured.length;
      if (!deck.lookup) {
        slides += measured.length;
        for (const slide of measured) found.push(...overflowWarnings(deck, slide));
        continue;
      }
      // Every slide's findings, the reused and the new, kept for the next build.
      const { parts, known } = deck.lookup;
      const indices = deck.slides ?? parts.slides.map((_, index) => index);
      if (measured.length !== indices.length)
        throw new Error(
          `lectern: the layout check walked ${measured.length} slides of ${deck.id}, not ${indices.length}`,
        );
      const perSlide = known.map((warnings) => warnings ?? []);
      indices.forEach((index, i) => {
        const slide = measured[i]!;
        const address = parts.slides[index]!.address;
        // The page's slides and reveal's must be the same list, or findings would be kept for the wrong slide.
        if (address && address !== `${slide.h}.${slide.v}`)
          throw new Error(
            `lectern: the layout check found slide ${slide.h}.${slide.v} of ${deck.id} where ${address} is`,
          );
        const warnings = overflowWarnings(deck, slide, address || undefined);
        perSlide[index] = warnings;
        found.push(...warnings);
      });
      cache?.set(deck.id, deck.file, deck.lookup, perSlide);
    }
    cache?.save();
    return {
      warnings: sortWarnings([...compiled, ...reused, ...found]),
      skipped: null,
      ...counts,
      slides,
      laidOut,
      ms: Date.now() - started,
    };
  } finally {
    await server.close();
  }
}

/** How much of the layout was looked at again: `1 of 67 slides laid out in 0.6 s, the others unchanged since the last check`. */
function howChecked(run: LayoutRun): string {
  if (run.laidOut === 0) return 'unchanged since the last check';
  const took = `${(run.ms / 1000).toFixed(1)} s`;
  if (run.slides === undefined || run.laidOut === undefined || run.laidOut >= run.slides) return took;
  return `${run.laidOut} of ${run.slides} slides laid out in ${took}, the others unchanged since the last check`;
}

/** The build log's account of a layout run: one line when all fits, else one line per warning. */
export function describeLayoutRun(run: LayoutRun, strict: boolean): string {
  const skipped = run.skipped ? `lectern: layout check skipped: ${run.skipped}` : '';
  if (!run.warnings.length)
    return (
      skipped ||
      `lectern: layout checked: every slide of ${run.decks} deck${run.decks === 1 ? '' : 's'} fits (${howChecked(run)})`
    );
  const hint = strict ? '' : '\n  (a warning; `lectern build --strict` makes it an error)';
  const checked = skipped ? '' : `\n  (layout checked: ${howChecked(run)})`;
  return `${skipped ? `${skipped}\n` : ''}${describeWarnings(run.warnings)}${hint}${checked}`;
}

/** `lectern: 2 warnings: what does not fit or cannot be read on its slide:` and one line per warning. */
export function describeWarnings(warnings: LayoutWarning[]): string {
  const count = `${warnings.length} warning${warnings.length === 1 ? '' : 's'}`;
  return `lectern: ${count}: what does not fit or cannot be read on its slide:\n${warnings.map((warning) => `  ${formatWarning(warning)}`).join('\n')}`;
}
