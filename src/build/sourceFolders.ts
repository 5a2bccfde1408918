/**
 * What a build and the compiled command are made from, as `sources.json` lists it, and the walk that
 * finds the newest of it: both from sourceWalk.js, which `scripts/runCompiled.js` (plain JavaScript,
 * run before anything is compiled) runs too, so the two staleness tests cannot disagree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from './packageRoot.ts';
import { isSource as isListedSource, newestMtime as newestListedMtime, readSourceList } from './sourceWalk.js';

const SOURCES = readSourceList(PACKAGE_ROOT);

/** What a build reads in the talk folder (`slides`). */
export const TALK_SOURCES: readonly string[] = SOURCES.decks.talk;
/** What a build reads in lectern's own folder: the page scripts, themes, the Mermaid bundle, the version. */
export const LECTERN_SOURCES: readonly string[] = SOURCES.decks.lectern;

/** Dot entries are caches a build writes (`slides/<deck>/.diagrams/`), node_modules someone else's. */
export function isSource(name: string): boolean {
  return isListedSource(SOURCES, name);
}

/**
 * Every source file under `entry` (itself, when a file), in a stable order; none when it does not exist.
 * `withCaches` takes dot entries too, for a cache folder's own files (`.diagrams/`).
 */
export function sourceFiles(entry: string, withCaches = false): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(entry);
  } catch {
    return [];
  }
  if (!stat.isDirectory()) return [entry];
  return fs
    .readdirSync(entry)
    .filter((name) => withCaches || isSource(name))
    .sort()
    .flatMap((child) => sourceFiles(path.join(entry, child), withCaches));
}

/** The newest modification time of `entry` and everything in it that is a source; 0 when it does not exist. */
export function newestMtime(entry: string): number {
  return newestListedMtime(SOURCES, entry);
}
