/**
 * `npm start` and `npm run build` in this repository: run the lectern command from its compiled
 * JavaScript in lib/ (as an installed lectern runs), compiling it first with tsc when a source is newer
 * than the last compile. Run-time TypeScript (tsx) holds some 50 MB of transformer for the life of the
 * server, and costs a build its start-up.
 *
 * Plain JavaScript, so that it runs before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { newestMtime, readSourceList } from '../src/build/sourceWalk.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lib = path.join(root, 'lib');
/** Written after a compile that went through; its time is the compile's. */
const stamp = path.join(lib, '.compiled');
/**
 * What lib/ is compiled from (see tsconfig.build.json), and the walk that finds the newest of it: the
 * same list and function the build's own staleness test uses (src/build/sourceFolders.ts).
 */
const sources = readSourceList(root);

function compiledAt() {
  try {
    return fs.statSync(stamp).mtimeMs;
  } catch {
    return 0;
  }
}

if (sources.command.some((source) => newestMtime(sources, path.join(root, source)) > compiledAt())) {
  console.log('lectern: compiling the command to lib/…');
  const began = new Date();
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const compiled = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  if (compiled.status !== 0) process.exit(compiled.status ?? 1);
  // Dated from the compile's start: a source saved while tsc ran counts as newer next time.
  fs.writeFileSync(stamp, '');
  fs.utimesSync(stamp, began, began);
}

// In this process: a second Node process would cost its own 40 MB.
await import(pathToFileURL(path.join(lib, 'cli', 'main.js')).href);
