// @ts-check
/**
 * The walk over lectern's source folders, as `sources.json` lists them, in plain JavaScript:
 * `scripts/runCompiled.js` runs it before anything is compiled, and the build's own staleness tests
 * (sourceFolders.ts) run the same functions, so the two cannot disagree about what is newer.
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * @typedef {object} SourceList
 * @property {string[]} command What the compiled command (lib/) is made from, in lectern's folder.
 * @property {{ talk: string[]; lectern: string[] }} decks What a build reads in the talk folder and in lectern's.
 * @property {string[]} skipped Names that are never sources (node_modules).
 */

/**
 * The list, read from lectern's folder (it is not compiled into lib/).
 * @param {string} packageRoot lectern's own folder
 * @returns {SourceList}
 */
export function readSourceList(packageRoot) {
  return JSON.parse(fs.readFileSync(path.join(packageRoot, 'src', 'build', 'sources.json'), 'utf8'));
}

/**
 * Dot entries are caches a build writes (`slides/<deck>/.diagrams/`), the skipped ones someone else's.
 * @param {SourceList} list
 * @param {string} name
 */
export function isSource(list, name) {
  return !name.startsWith('.') && !list.skipped.includes(name);
}

/**
 * The newest modification time of `entry` and everything in it that is a source; 0 when it does not exist.
 * @param {SourceList} list
 * @param {string} entry
 * @returns {number}
 */
export function newestMtime(list, entry) {
  let stat;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry))
    if (isSource(list, child)) newest = Math.max(newest, newestMtime(list, path.join(entry, child)));
  return newest;
}
