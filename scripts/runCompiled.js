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

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lib = path.join(root, 'lib');
/** Written after a compile that went through; its time is the compile's. */
const stamp = path.join(lib, '.compiled');
/**
 * What lib/ is compiled from (see tsconfig.build.json), and which names are never sources: from the one
 * list the build's own staleness test reads too (src/build/sourceFolders.ts).
 */
const sourceList = JSON.parse(fs.readFileSync(path.join(root, 'src', 'build', 'sources.json'), 'utf8'));
const SOURCES = sourceList.command;
const isSource = (name) => !name.startsWith('.') && !sourceList.skipped.includes(name);

function newestMtime(entry) {
  let stat;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry))
    if (isSource(child)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

function compiledAt() {
  try {
    return fs.statSync(stamp).mtimeMs;
  } catch {
    return 0;
  }
}

if (SOURCES.some((source) => newestMtime(path.join(root, source)) > compiledAt())) {
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
