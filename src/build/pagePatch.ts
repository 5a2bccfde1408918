/**
 * A build after an edit to a deck's text writes its pages without Vite when that is certain to give what
 * Vite would: Vite bundles the pages' scripts and stylesheets (the same as last time: lectern, the
 * locked libraries and the decks' other files are unchanged) and, in each page, rewrites only the script
 * tag, asset URLs and inline styles. The rest of a page reaches `dist/` byte for byte as lectern wrote it.
 *
 * So each page of the last build is kept as lectern handed it to Vite (`.lectern/pages.json`), and a
 * changed page is written from the built one: a slide that is the same (or the same but for its lines'
 * numbers) keeps its built markup, a changed slide without anything Vite rewrites (no image, link,
 * style or script) goes in as written, and a change to plain text or a `data-` attribute outside the
 * slides (a title, the speaker view's plan) is made in place. Anything else, and the build runs Vite.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrokenDeck } from './brokenDecks.ts';
import { finishBuildHash, hashFile, startBuildHash } from './lastBuild.ts';
import { sectionSpans } from './layout/sectionTags.ts';
import type { LoadedDeck } from './loadDeck.ts';
import { sourceFiles } from './sourceFolders.ts';

export const PAGES_FILE = path.join('.lectern', 'pages.json');

/** Bumped when what is kept, or how pages are patched, changes. */
const FORMAT = 1;

interface PagesRecord {
  /** Everything the bundle depends on (see `frameKey`): a page is patched only when it is the same. */
  frame: string;
  /** Each page's path in the output folder → the HTML lectern handed Vite for it. */
  pages: Record<string, string>;
}

/**
 * What a build's scripts, stylesheets and assets are made of, leaving out what only the pages' text
 * depends on (each deck's deck.md as compiled): lectern and its locked libraries, where the build goes,
 * the decks and their other files (images, clips), the broken decks, diagrams left to the page.
 */
export function frameKey(
  root: string,
  slidesDir: string,
  outDir: string,
  decks: readonly LoadedDeck[],
  broken: readonly BrokenDeck[],
): string {
  const hash = startBuildHash(FORMAT, root, slidesDir, outDir);
  for (const deck of decks) {
    const id = deck.manifest.id;
    hash.update(JSON.stringify({ id, lazyDiagrams: deck.diagramReport.lazy }));
    const deckDir = path.join(slidesDir, id);
    for (const file of sourceFiles(deckDir)) {
      if (path.relative(deckDir, file) !== 'deck.md') hashFile(hash, file);
    }
  }
  return finishBuildHash(hash, broken);
}

function readRecords(root: string): { [outDir: string]: PagesRecord } {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, PAGES_FILE), 'utf8'));
  } catch {
    return {};
  }
}

/** Keeps the pages a build into `outDir` was made from, for the next build to patch. */
export function rememberPages(root: string, outDir: string, frame: string, pages: Record<string, string>): void {
  const file = path.join(root, PAGES_FILE);
  const records = Object.fromEntries(Object.entries(readRecords(root)).filter(([dir]) => fs.existsSync(dir)));
  records[outDir] = { frame, pages };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(records));
}

/** A page cut at its top-level `<section>`s: the text before, each section, the text between, the text after. */
interface Cut {
  sections: string[];
  /** `between[0]` is before the first section, `between[i]` after section i-1; one more than the sections. */
  between: string[];
}

function cutSections(html: string): Cut {
  const ranges = sectionSpans(html)
    .filter((span) => span.depth === 0)
    .map((span) => [span.start, span.end] as const);
  const sections: string[] = [];
  const between: string[] = [];
  let from = 0;
  for (const [begin, end] of ranges) {
    between.push(html.slice(from, begin));
    sections.push(html.slice(begin, end));
    from = end;
  }
  between.push(html.slice(from));
  return { sections, between };
}

/** What Vite rewrites in a page's markup: media and links (asset URLs), inline styles and scripts. */
const VITE_REWRITES =
  /<(style|script|link|img|image|video|audio|source|track|iframe|object|embed)\b|\s(src|href|srcset|poster|style|xlink:href)=|url\(/i;

/** The attributes that only say where a slide is: its place in the deck, its lines' numbers. */
const PLACE = /(data-source-line|data-slide)="([^"]*)"/g;
const placeless = (html: string) => html.replace(PLACE, '$1=""');

/**
 * A plain text change made in place: `built` is `before` as Vite wrote it; returns `after` as Vite would
 * write it, or null when the change touches a tag, a non-`data-` attribute, a style or a script, or
 * cannot be found once and only once in `built`.
 */
function patchText(before: string, after: string, built: string): string | null {
  if (before === after) return built;
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  )
    tail++;
  const changedBefore = before.slice(head, before.length - tail);
  const changedAfter = after.slice(head, after.length - tail);
  if (/[<>]/.test(changedBefore) || /[<>]/.test(changedAfter)) return null;
  // Where the change sits: in a tag, only a `data-` attribute's value; in text, not a style's or script's.
  const lastOpen = before.lastIndexOf('<', head);
  const lastClose = before.lastIndexOf('>', head);
  if (lastOpen > lastClose) {
    if (!/\sdata-[\w-]+="[^"]*$/.test(before.slice(lastOpen, head)) || /\sdata-src=/.test(before.slice(lastOpen, head)))
      return null;
  } else if (lastOpen >= 0 && /^<(style|script)\b/i.test(before.slice(lastOpen))) return null;
  // Enough of the text around the change to find it once in what Vite wrote, without crossing a tag.
  let from = head;
  while (from > 0 && head - from < 64 && !/[<>]/.test(before[from - 1]!)) from--;
  let to = before.length - tail;
  while (to < before.length && to - (before.length - tail) < 64 && !/[<>]/.test(before[to]!)) to++;
  const found = before.slice(from, to);
  const at = built.indexOf(found);
  if (at < 0 || built.indexOf(found, at + 1) >= 0) return null;
  const replacement = after.slice(from, to + after.length - before.length);
  return `${built.slice(0, at)}${replacement}${built.slice(at + found.length)}`;
}

/** `built` with its place attributes' values set to those of `source`, in order; null when they do not pair up. */
function replacePlace(built: string, source: string): string | null {
  const values = [...source.matchAll(PLACE)].map((match) => match[2]!);
  if ([...built.matchAll(PLACE)].length !== values.length) return null;
  let index = 0;
  return built.replace(PLACE, (_, name: string) => `${name}="${values[index++]}"`);
}

/**
 * A slide with something Vite rewrites (a diagram's style, an image) whose text was edited: the edit made
 * in the built slide, its place attributes set to the new ones first. Null when the edit is more than text.
 */
function editedInPlace(before: string, after: string, built: string): string | null {
  const placedBefore = replacePlace(before, after);
  const placedBuilt = replacePlace(built, after);
  return placedBefore === null || placedBuilt === null ? null : patchText(placedBefore, after, placedBuilt);
}

/** One page as Vite would write it from `after`, given `before` and what Vite wrote from it; null when unsure. */
export function patchPage(before: string, after: string, built: string): string | null {
  if (before === after) return built;
  const old = cutSections(before);
  const next = cutSections(after);
  const done = cutSections(built);
  if (done.sections.length !== old.sections.length) return null;
  // Text between sections is whitespace lectern writes; anything else, and Vite decides.
  for (let i = 1; i < old.sections.length; i++) if (old.between[i] !== done.between[i]) return null;
  for (let i = 1; i < next.sections.length; i++) if (/\S/.test(next.between[i]!)) return null;
  const same = new Map<string, string>();
  const samePlaceless = new Map<string, string>();
  old.sections.forEach((section, i) => {
    if (!same.has(section)) same.set(section, done.sections[i]!);
    if (!samePlaceless.has(placeless(section))) samePlaceless.set(placeless(section), done.sections[i]!);
  });
  const sameCount = next.sections.length === old.sections.length;
  const sections: string[] = [];
  for (const [i, section] of next.sections.entries()) {
    const kept = same.get(section);
    const moved = kept === undefined ? samePlaceless.get(placeless(section)) : undefined;
    const written =
      kept ??
      (moved !== undefined
        ? replacePlace(moved, section)
        : VITE_REWRITES.test(section)
          ? sameCount
            ? editedInPlace(old.sections[i]!, section, done.sections[i]!)
            : null
          : section);
    if (written === null) return null;
    sections.push(written);
  }
  if (!next.sections.length) return old.sections.length ? null : patchText(before, after, built);
  const first = patchText(old.between[0]!, next.between[0]!, done.between[0]!);
  const last = patchText(old.between.at(-1)!, next.between.at(-1)!, done.between.at(-1)!);
  if (first === null || last === null) return null;
  return `${first}${sections.map((section, i) => (i === 0 ? section : `${next.between[i]}${section}`)).join('')}${last}`;
}

/**
 * Writes the build's changed pages into `outDir` from the last build's, without Vite, when the last
 * build into `outDir` had the same `frame` and every changed page can be patched (see above). Returns
 * whether it did; when it did not, nothing was written. `outDir` must be as the last build left it.
 */
export function patchBuild(
  root: string,
  outDir: string,
  frame: string,
  pages: Record<string, string>,
  decks: readonly LoadedDeck[],
): boolean {
  const record = readRecords(root)[outDir];
  if (!record || record.frame !== frame) return false;
  const names = Object.keys(pages);
  if (names.length !== Object.keys(record.pages).length || !names.every((name) => name in record.pages)) return false;
  const writes: Array<[string, string]> = [];
  for (const name of names) {
    const before = record.pages[name]!;
    const after = pages[name]!;
    if (before === after) continue;
    let built: string;
    try {
      built = fs.readFileSync(path.join(outDir, name), 'utf8');
    } catch {
      return false;
    }
    const patched = patchPage(before, after, built);
    if (patched === null) return false;
    writes.push([name, patched]);
  }
  for (const deck of decks) writes.push([`${deck.manifest.id}/manifest.json`, JSON.stringify(deck.manifest, null, 2)]);
  for (const [name, text] of writes) fs.writeFileSync(path.join(outDir, name), text);
  return true;
}
