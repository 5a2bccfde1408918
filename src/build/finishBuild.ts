/**
 * What every build does once its pages are in the output folder, whether Vite has just written them or
 * the last build's are reused (`lastBuild.ts`): keep the broken decks beside them, tell the decks'
 * notices, and check the layout (reusing the findings for a page that has not changed).
 */
import { type BrokenDeck, writeBrokenDecks } from './brokenDecks.ts';
import { checkBuiltDecks, describeLayoutRun, describeWarnings, type LayoutRun } from './layout/checkBuild.ts';
import { deckWarnings, sortWarnings } from './layout/layoutCheck.ts';
import { type DeckLoader, describeNotices, type LoadedDeck } from './loadDeck.ts';

export interface FinishOptions {
  loader: DeckLoader;
  outDir: string;
  /** The decks built, in name order. */
  decks: readonly LoadedDeck[];
  broken: readonly BrokenDeck[];
  /** Each deck's file as messages name it. */
  deckFile: (id: string) => string;
  /** Where the layout check keeps its findings. */
  layoutCacheFile: string;
  layoutCheck: boolean;
  strict: boolean;
  onLayout?: (run: LayoutRun) => void;
}

/** Returns why a `--strict` build fails (the layout report and its verdict), or null. */
export async function finishBuild(options: FinishOptions): Promise<string | null> {
  writeBrokenDecks(options.outDir, options.broken);
  const notices = describeNotices(options.decks.flatMap((deck) => deck.notices));
  if (notices) console.warn(notices);
  const compiled = sortWarnings(options.decks.flatMap((deck) => deckWarnings(deck.manifest.id, deck.warnings)));
  if (!options.layoutCheck) {
    if (compiled.length) console.warn(describeWarnings(compiled));
    return null;
  }
  const run = await checkBuiltDecks(
    options.loader,
    options.outDir,
    options.decks.map((deck) => ({ id: deck.manifest.id, file: options.deckFile(deck.manifest.id) })),
    compiled,
    options.layoutCacheFile,
  );
  options.onLayout?.(run);
  const report = describeLayoutRun(run, options.strict);
  if (options.strict && (run.skipped || run.warnings.length))
    return `${report}\nlectern: --strict: ${run.warnings.length ? 'the build fails until every slide fits' : 'the build fails when the layout cannot be checked'}`;
  if (run.skipped || run.warnings.length) console.warn(report);
  else console.log(report);
  return null;
}
