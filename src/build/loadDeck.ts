import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { CompiledDeck } from '../compile/compileDeck.ts';
import { deckNameProblem } from '../compile/deckName.ts';
import { DeckError } from '../compile/errors.ts';
import { mediaElement } from '../compile/rules.ts';
import { DeckCache } from './deckCache.ts';
import { DiagramCache } from './diagramCache.ts';
import { diagramReadability } from './diagramReadability.ts';
import { findBrowser } from './findBrowser.ts';
import { responsiveImages } from './images.ts';
import { launchBrowser } from './launchBrowser.ts';
import { PROJECTOR } from './layout/measureDeck.ts';
import { renderDiagrams } from './renderDiagrams.ts';

/** How a deck's diagrams were drawn in this build. */
export interface DiagramReport {
  fromCache: number;
  rendered: number;
  /** Left to Mermaid in the page: no cache and no browser. */
  lazy: number;
}

/** Something the deck's author should fix, though the deck still builds. */
export interface DeckWarning {
  file: string;
  line: number;
  message: string;
}

export interface LoadedDeck extends Omit<CompiledDeck, 'warnings'> {
  file: string;
  diagramReport: DiagramReport;
  /** What may not be read on its slide (a diagram too dense), listed with the layout check's findings. */
  warnings: DeckWarning[];
  /** What the author should know about the deck's content though it builds (raw HTML removed). */
  notices: DeckWarning[];
}

/** `lectern: 2 warnings about the decks' content:` and one line per notice; empty when there is none. */
export function describeNotices(notices: readonly DeckWarning[]): string {
  if (notices.length === 0) return '';
  const count = `${notices.length} warning${notices.length === 1 ? '' : 's'}`;
  return `lectern: ${count} about the decks' content:\n${notices.map((notice) => `  ${notice.file}:${notice.line}: ${notice.message}`).join('\n')}`;
}

/** Diagrams that hold too much to be read once fitted to a slide, at the line of their fence. */
function diagramWarnings(deck: CompiledDeck, file: string, cache: DiagramCache): DeckWarning[] {
  const warnings: DeckWarning[] = [];
  for (const diagram of deck.diagrams) {
    const svg = cache.get(diagram.source);
    const warning = svg ? diagramReadability(svg, diagram.captioned)?.warning : null;
    if (warning) warnings.push({ file, line: diagram.line, message: warning });
  }
  return warnings;
}

/** Every folder under `slides/` that holds a `deck.md`, sorted. */
export function listDecks(slidesDir: string): string[] {
  if (!existsSync(slidesDir)) return [];
  return readdirSync(slidesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(slidesDir, entry.name, 'deck.md')))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Reads and compiles decks from disk: the I/O around the pure compiler. It draws
 * diagrams missing from the cache with one shared browser, started only when needed.
 */
export class DeckLoader {
  private started: Promise<Browser | null> | null = null;
  private spare: Promise<Page | null> | null = null;
  private readonly cache: DeckCache;

  constructor(
    private readonly root: string,
    private readonly slidesDir = join(root, 'slides'),
    /** Resize the decks' images into variants for each screen (a build does; the dev server shows the originals). */
    private readonly resizeImages = false,
  ) {
    this.cache = new DeckCache(root);
  }

  async load(deckId: string): Promise<LoadedDeck> {
    if (!this.resizeImages) return this.compile(deckId);
    // A build: the deck as compiled last time, when nothing it is made of has changed.
    const deckDir = join(this.slidesDir, deckId);
    const nameProblem = deckNameProblem(deckId);
    const kept =
      nameProblem || !existsSync(join(deckDir, 'deck.md'))
        ? null
        : this.cache.get(deckId, deckDir, relative(this.root, join(deckDir, 'deck.md')));
    if (kept?.deck) return kept.deck;
    // A deck that changed has slides to lay out once it is built: the browser starts now, alongside its
    // compile (unless this same input failed to compile last time, and will again).
    if (!kept?.failed) this.warmUp();
    let deck: LoadedDeck;
    try {
      deck = await this.compile(deckId);
    } catch (error) {
      if (kept) this.cache.setFailed(deckId, kept.key);
      throw error;
    }
    const images = await responsiveImages(deck.html, {
      root: this.root,
      deckId,
      deckDir: join(this.slidesDir, deckId),
      file: deck.file,
      assets: deck.assets,
    });
    const loaded = { ...deck, html: images.html, notices: [...deck.notices, ...images.notices] };
    // Keyed by what the deck was made of as this build read it, before anything was compiled.
    if (kept) this.cache.set(deckId, kept.key, loaded);
    return loaded;
  }

  private async compile(deckId: string): Promise<LoadedDeck> {
    const deckDir = join(this.slidesDir, deckId);
    // The name first: it becomes the URL, and a `%` or `#` in it would otherwise fail far from here.
    const nameProblem = deckNameProblem(deckId);
    if (nameProblem) throw new DeckError(`${relative(this.root, deckDir)}/`, 0, nameProblem.reason, nameProblem.hint);
    const path = join(deckDir, 'deck.md');
    const file = relative(this.root, path);
    const source = readFileSync(path, 'utf8');
    const cache = new DiagramCache(join(deckDir, '.diagrams'));
    // Loaded on the first compile: markdown-it and highlight.js, which a build of unchanged decks does without.
    const { compileDeck } = await import('../compile/compileDeck.ts');

    const firstPass = compileDeck(source, { deckId, file, renderDiagram: (s) => cache.get(s) });
    const realDeckDir = realpathSync(deckDir);
    for (const asset of firstPass.assets) {
      const assetPath = join(deckDir, asset.path);
      if (!existsSync(assetPath))
        throw new DeckError(
          file,
          asset.line,
          `${mediaElement(asset.path) ?? 'image'} not found: ${asset.path} (looked in ${relative(this.root, deckDir)}/)`,
        );
      // The path stays inside the folder (the compiler checked); a symlink must not lead out of it,
      // or the build would publish whatever it points at (`leak.png → /etc/hostname`).
      const real = realpathSync(assetPath);
      if (real !== realDeckDir && !real.startsWith(realDeckDir + sep)) {
        throw new DeckError(
          file,
          asset.line,
          `image outside the deck folder: ${asset.path} is a link to ${real}; copy the file into ${relative(this.root, deckDir)}/ instead`,
        );
      }
    }
    const notices = firstPass.warnings.map((warning) => ({ file, ...warning }));
    const missing = firstPass.diagrams.filter((diagram) => cache.get(diagram.source) === undefined);
    const report: DiagramReport = { fromCache: firstPass.diagrams.length - missing.length, rendered: 0, lazy: 0 };
    if (missing.length === 0)
      return { ...firstPass, file, diagramReport: report, warnings: diagramWarnings(firstPass, file, cache), notices };

    const browser = await this.browser();
    if (!browser)
      return {
        ...firstPass,
        file,
        diagramReport: { ...report, lazy: missing.length },
        warnings: diagramWarnings(firstPass, file, cache),
        notices,
      };
    const rendered = await renderDiagrams(browser, missing, file);
    for (const [diagramSource, svg] of rendered) cache.set(diagramSource, svg);
    cache.prune(firstPass.diagrams.map((diagram) => diagram.source));
    const compiled = compileDeck(source, { deckId, file, renderDiagram: (s) => cache.get(s) });
    return {
      ...compiled,
      file,
      diagramReport: { ...report, rendered: missing.length },
      warnings: diagramWarnings(compiled, file, cache),
      notices,
    };
  }

  /** The shared browser, started on first use; null when the machine has none. */
  browser(): Promise<Browser | null> {
    const executable = findBrowser();
    this.started ??= executable ? launchBrowser(executable) : Promise.resolve(null);
    return this.started;
  }

  /**
   * Starts the browser and opens a page at projector size for the layout check, so that both are up by
   * the time the pages are built (a browser's first page costs about as much again as its launch).
   */
  warmUp(): void {
    this.spare ??= this.browser()
      .then((browser) => browser?.newPage({ viewport: PROJECTOR }) ?? null)
      .catch(() => null);
  }

  /** The page `warmUp` opened, for one walk (the caller closes it); null when there is none. */
  takePage(): Promise<Page | null> {
    const page = this.spare ?? Promise.resolve(null);
    this.spare = null;
    return page;
  }

  async close(): Promise<void> {
    this.spare = null;
    const browser = await (this.started ?? Promise.resolve(null)).catch(() => null);
    this.started = null;
    await browser?.close();
  }
}
