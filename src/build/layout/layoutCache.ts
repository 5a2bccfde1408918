/**
 * The layout check's findings per slide, kept in `.lectern/layout-check.json` and reused while the slide
 * and the page around it are what they were, so a one-slide edit lays out one slide. A deck's built
 * `index.html` names every script, stylesheet and font by a hash of its content, so the same page
 * around the same slide markup means the same layout (`slideParts.ts`). The page's key also holds the
 * checker's own code (here and `inPage/`), the browser that measures and the deck file the warnings
 * name: a change to the theme, the CSS, the fonts, the page scripts or the check lays every slide out
 * again. A warm build whose slides are all known needs no browser.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LayoutWarning } from './layoutCheck.ts';
import { type DeckPageParts, deckPageParts, type SlidePart } from './slideParts.ts';

/** Bumped when what is kept, or how it is keyed, changes. */
const FORMAT = 2;

/** A warning as kept: its line relative to its slide's first line, its slide's address left out. */
interface KeptWarning {
  line: number | null;
  step: number;
  message: string;
}

interface DeckEntry {
  format: number;
  page: string;
  /** Slide key → its findings. */
  slides: Record<string, KeptWarning[]>;
}

const CHECKER_DIRS = [
  path.dirname(fileURLToPath(import.meta.url)),
  path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'inPage'),
];

/** A hash of the layout check's own files, here and in the page: a new rule or measurement invalidates every entry. */
function checkerFingerprint(): string {
  const hash = createHash('sha256');
  for (const dir of CHECKER_DIRS)
    for (const file of fs.readdirSync(dir).sort())
      hash
        .update(file)
        .update('\0')
        .update(fs.readFileSync(path.join(dir, file)));
  return hash.digest('hex');
}

const sha = (...parts: string[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
};

/** One deck's built page as the cache sees it: which slides it knows, and which must be laid out. */
export interface DeckLookup {
  parts: DeckPageParts;
  /** Per slide, in page order: its warnings when known, null when it must be laid out. */
  known: Array<LayoutWarning[] | null>;
}

export interface LayoutCache {
  /** The deck's built page, cut into slides, with what is known of each; null when the page cannot be read. */
  look(deck: string, file: string): DeckLookup | null;
  /** Keeps the findings of every slide of a deck: `warnings[i]` those of slide i, with their deck-file lines. */
  set(deck: string, file: string, lookup: DeckLookup, warnings: LayoutWarning[][]): void;
  save(): void;
}

/** A kept warning placed on the slide as it is now. */
function placed(deck: string, file: string, slide: SlidePart, kept: KeptWarning): LayoutWarning {
  return {
    deck,
    file,
    line: kept.line === null ? null : kept.line + slide.base,
    slide: slide.address,
    step: kept.step,
    message: kept.message,
  };
}

/** `file`: where the findings are kept; `outDir`: the build whose pages are read; `browser`: its executable. */
export function openLayoutCache(file: string, outDir: string, browser: string): LayoutCache {
  let entries: Record<string, DeckEntry> = {};
  try {
    entries = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, DeckEntry>;
  } catch {
    // None yet, or unreadable: every slide is laid out.
  }
  const checker = checkerFingerprint();
  // The deck file is in the key as the warnings name it: the same page built from another folder is another entry.
  const pageKey = (deckFile: string, parts: DeckPageParts) =>
    sha(String(FORMAT), checker, browser, deckFile, parts.page);
  return {
    look(deck, deckFile) {
      let html: string;
      try {
        html = fs.readFileSync(path.join(outDir, deck, 'index.html'), 'utf8');
      } catch {
        return null;
      }
      const parts = deckPageParts(html);
      const entry = entries[deck];
      const samePage = entry?.format === FORMAT && entry.page === pageKey(deckFile, parts);
      return {
        parts,
        known: parts.slides.map((slide) => {
          const kept = samePage ? entry.slides[sha(slide.markup)] : undefined;
          return kept ? kept.map((warning) => placed(deck, deckFile, slide, warning)) : null;
        }),
      };
    },
    set(deck, deckFile, lookup, warnings) {
      const slides: Record<string, KeptWarning[]> = {};
      lookup.parts.slides.forEach((slide, index) => {
        slides[sha(slide.markup)] = (warnings[index] ?? []).map((warning) => ({
          line: warning.line === null ? null : warning.line - slide.base,
          step: warning.step,
          message: warning.message,
        }));
      });
      entries[deck] = { format: FORMAT, page: pageKey(deckFile, lookup.parts), slides };
    },
    save() {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(entries));
    },
  };
}
