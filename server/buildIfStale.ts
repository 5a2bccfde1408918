/**
 * `npm start` builds the decks first when `dist/` is missing or older than any source of it, so a
 * speaker never presents yesterday's slides by accident.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from './log.ts';

/** What a build reads; a change to any of these makes `dist/` stale. */
const SOURCES = ['slides', 'src', 'themes', 'vite.config.ts'];

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

export function isStale(root: string, distDir: string): boolean {
  const built = builtAt(distDir);
  if (built === null) return true;
  return SOURCES.some((source) => newestMtime(path.join(root, source)) > built);
}

/** Runs `vite build` in a child process (its output goes to the terminal) when `dist/` is stale. */
export async function buildIfStale(root: string, distDir: string, log: Logger): Promise<void> {
  if (!isStale(root, distDir)) return;
  log.info('decks changed since the last build: running vite build…');
  const vite = path.join(root, 'node_modules', '.bin', 'vite');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(vite, ['build'], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`vite build failed (exit code ${code})`);
}
