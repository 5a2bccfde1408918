/**
 * `npm start` builds the decks first when `dist/` is missing or older than any source of it, so a
 * speaker never presents yesterday's slides by accident.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../server/log.ts';
import { PACKAGE_ROOT } from './packageRoot.ts';

/** What a build reads, in the talk folder and in lectern's own; a change to any makes `dist/` stale. */
const TALK_SOURCES = ['slides'];
const LECTERN_SOURCES = ['src', 'themes', 'vendor'];

function newestMtime(entry: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) {
    // Dot folders are caches the build itself writes (e.g. `.diagrams/`), not sources.
    if (child.startsWith('.') || child === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

/** The oldest of the files a build must have written: the library page and every deck's manifest. */
function builtAt(distDir: string): number | null {
  const index = path.join(distDir, 'index.html');
  if (!fs.existsSync(index)) return null;
  let oldest = fs.statSync(index).mtimeMs;
  for (const entry of fs.readdirSync(distDir, { withFileTypes: true })) {
    const manifest = path.join(distDir, entry.name, 'manifest.json');
    if (entry.isDirectory() && fs.existsSync(manifest)) oldest = Math.min(oldest, fs.statSync(manifest).mtimeMs);
  }
  return oldest;
}

/** `lecternRoot`: lectern's own folder, whose page scripts and themes a build bundles too. */
export function isStale(root: string, distDir: string, lecternRoot = PACKAGE_ROOT): boolean {
  const built = builtAt(distDir);
  if (built === null) return true;
  const sources = [
    ...TALK_SOURCES.map((source) => path.join(root, source)),
    ...LECTERN_SOURCES.map((source) => path.join(lecternRoot, source)),
  ];
  return sources.some((source) => newestMtime(source) > built);
}

/** Builds the decks in this process (Vite's output to `.lectern/build.log`) when `dist/` is stale. */
export async function buildIfStale(root: string, distDir: string, log: Logger): Promise<void> {
  if (!isStale(root, distDir)) return;
  log.info('decks changed since the last build: building…');
  const { buildTalk } = await import('./buildTalk.ts');
  await buildTalk(root, { outDir: distDir });
}
