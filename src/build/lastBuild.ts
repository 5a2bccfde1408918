/**
 * A warm `lectern build` whose inputs are what they were at the last build reuses that build's `dist/`
 * rather than running Vite again: the pages are the same, and bundling their scripts (Vite, Rolldown,
 * PostCSS) is seconds and hundreds of MB for output that would not change.
 *
 * The inputs, hashed into one key: every deck's compiled page and manifest (so a changed deck.md, a
 * diagram drawn, a theme picked show there), the files in each deck's folder (an image keeps its name
 * when it is replaced), the decks left out and why (the library lists them), lectern's own version and
 * sources (page scripts, themes, the Mermaid bundle), the lock files that pin Vite and the page
 * libraries, and where the build goes. The output is checked too: every file the build wrote must still
 * be there with its size and time, or Vite runs. The record lives in `.lectern/last-build.json`.
 */
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BrokenDeck } from './brokenDecks.ts';
import type { LoadedDeck } from './loadDeck.ts';
import { PACKAGE_ROOT } from './packageRoot.ts';
import { isSource, LECTERN_SOURCES, sourceFiles } from './sourceFolders.ts';

export const LAST_BUILD_FILE = path.join('.lectern', 'last-build.json');

/** Bumped when what the key covers changes, so a record written by another lectern never matches. */
const RECORD_FORMAT = 1;

/** A file the build wrote: path below the output folder, size, modification time. */
type Written = [string, number, number];

interface Record {
  key: string;
  files: Written[];
}

/** Path, size and time of each of lectern's sources: an upgrade or an edited page script or theme changes it. */
export function lecternFingerprint(lecternRoot = PACKAGE_ROOT): string {
  const hash = createHash('sha256');
  for (const source of LECTERN_SOURCES)
    for (const file of sourceFiles(path.join(lecternRoot, source))) {
      const stat = fs.statSync(file);
      hash.update(`${path.relative(lecternRoot, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  return hash.digest('hex');
}

/** The lock files that pin Vite, markdown-it, reveal.js and the other libraries, wherever lectern is installed. */
export function lockFingerprint(root: string): string {
  const hash = createHash('sha256');
  for (const lock of new Set([path.join(root, 'package-lock.json'), path.join(PACKAGE_ROOT, 'package-lock.json')]))
    hashFile(hash, lock);
  return hash.digest('hex');
}

/** A file's path and bytes, or that it is missing. */
export function hashFile(hash: Hash, file: string): void {
  try {
    hash.update(file).update('\0').update(fs.readFileSync(file)).update('\0');
  } catch {
    hash.update(file).update('\0missing\0');
  }
}

/** The key of a build of `decks` (and the `broken` ones left out) from the talk folder `root` into `outDir`. */
export function buildKey(
  root: string,
  slidesDir: string,
  outDir: string,
  decks: readonly LoadedDeck[],
  broken: readonly BrokenDeck[],
): string {
  const hash = startBuildHash(RECORD_FORMAT, root, slidesDir, outDir);
  for (const deck of decks) {
    hash.update(
      JSON.stringify({
        id: deck.manifest.id,
        html: deck.html,
        manifest: deck.manifest,
        lazyDiagrams: deck.diagramReport.lazy,
      }),
    );
    for (const file of sourceFiles(path.join(slidesDir, deck.manifest.id))) hashFile(hash, file);
  }
  return finishBuildHash(hash, broken);
}

/**
 * What every key of a build starts with: the record's format, where the talk is and where the build
 * goes, lectern's own sources and the lock files.
 */
export function startBuildHash(format: number, root: string, slidesDir: string, outDir: string): Hash {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ format, root, slidesDir, outDir, lectern: lecternFingerprint() }));
  hash.update(lockFingerprint(root));
  return hash;
}

/** What every key of a build ends with: the decks left out, and why (the library lists them). */
export function finishBuildHash(hash: Hash, broken: readonly BrokenDeck[]): string {
  hash.update(JSON.stringify(broken.map(({ id, file, line, reason, hint }) => ({ id, file, line, reason, hint }))));
  return hash.digest('hex');
}

/** Every file under `outDir` a build wrote (dot files are the build's notes, rewritten each time). */
function written(outDir: string): Written[] {
  return sourceFiles(outDir).map((file) => {
    const stat = fs.statSync(file);
    return [path.relative(outDir, file), stat.size, stat.mtimeMs];
  });
}

function readRecords(root: string): { [outDir: string]: Record } {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, LAST_BUILD_FILE), 'utf8'));
  } catch {
    return {};
  }
}

function writeRecords(root: string, records: { [outDir: string]: Record }): void {
  const file = path.join(root, LAST_BUILD_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Builds into folders since removed (an export's private copy) are forgotten.
  const kept = Object.fromEntries(Object.entries(records).filter(([outDir]) => fs.existsSync(outDir)));
  fs.writeFileSync(file, JSON.stringify(kept));
}

/** True when the last build into `outDir` had this key and what it wrote is still there, untouched. */
export function canReuse(root: string, outDir: string, key: string): boolean {
  const record = readRecords(root)[outDir];
  return !!record && record.key === key && asWritten(outDir, record);
}

/** True when what the last build wrote into `outDir` is still there, untouched, whatever it was built from. */
export function asLastBuilt(root: string, outDir: string): boolean {
  const record = readRecords(root)[outDir];
  return !!record && asWritten(outDir, record);
}

function asWritten(outDir: string, record: Record): boolean {
  const now = written(outDir);
  return (
    now.length === record.files.length &&
    now.every(([file, size, mtime], index) => {
      const [recordedFile, recordedSize, recordedMtime] = record.files[index]!;
      return file === recordedFile && size === recordedSize && mtime === recordedMtime;
    })
  );
}

/** Remembers what a build into `outDir` with this key wrote. */
export function rememberBuild(root: string, outDir: string, key: string): void {
  const records = readRecords(root);
  records[outDir] = { key, files: written(outDir) };
  writeRecords(root, records);
}

/** Forgets the build into `outDir`, before one that may stop half-way replaces it. */
export function forgetBuild(root: string, outDir: string): void {
  const records = readRecords(root);
  if (!(outDir in records)) return;
  delete records[outDir];
  writeRecords(root, records);
}

/**
 * Dates a reused build's pages and manifests now, as Vite would have: `lectern start` rebuilds when a
 * source is newer than them, and the sources that were saved since have just been found unchanged.
 */
export function markBuilt(outDir: string): void {
  const now = new Date();
  for (const entry of fs.readdirSync(outDir, { withFileTypes: true })) {
    if (!isSource(entry.name)) continue;
    const manifest = path.join(outDir, entry.name, 'manifest.json');
    if (entry.isDirectory() && fs.existsSync(manifest)) fs.utimesSync(manifest, now, now);
  }
  fs.utimesSync(path.join(outDir, 'index.html'), now, now);
}
