/**
 * `lectern build` as a person runs it, from the compiled command in lib/ (compiled first if stale), in a
 * talk folder: wall time and the build process's peak memory, cold, warm with nothing changed, and after
 * the speaker edits one slide of the seed deck (the target: ≤ 1.5 s, ≤ 400 MB).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../helpers/build.ts';

export type Row = [string, string];

export interface CommandRun {
  seconds: number;
  /** VmHWM of the build process. */
  peakBytes: number;
  /** CPU time of the build process itself (not the browser's): what a busy machine stretches least. */
  cpuSeconds: number;
  /** What the build said about its layout check. */
  layout: string;
}

/**
 * One `lectern build` in `root`. The peak is this process's own memory: Linux's VmHWM starts again at
 * exec, while `maxRSS` keeps the bench's own RSS from the fork. maxRSS where there is no /proc.
 */
export function commandBuild(root: string): CommandRun {
  execFileSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'runCompiled.js'), '--version'], { stdio: 'ignore' });
  const peak = `import { readFileSync } from 'node:fs';
process.on('exit', () => {
  let kib = process.resourceUsage().maxRSS;
  try { kib = Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]); } catch {}
  const cpu = process.cpuUsage();
  process.stderr.write('peak-rss ' + kib + ' cpu-us ' + (cpu.user + cpu.system) + '\\n');
});`;
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      `data:text/javascript,${encodeURIComponent(peak)}`,
      join(PROJECT_ROOT, 'lib', 'cli', 'main.js'),
      'build',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`lectern build failed: ${result.stderr}`);
  const kib = Number(/peak-rss (\d+)/.exec(result.stderr)?.[1] ?? NaN);
  const layout = /layout checked[^\n]*/.exec(`${result.stdout}${result.stderr}`)?.[0] ?? '';
  const cpuSeconds = Number(/cpu-us (\d+)/.exec(result.stderr)?.[1] ?? NaN) / 1e6;
  return { seconds, peakBytes: kib * 1024, cpuSeconds, layout };
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** Median and range: `1.2 s (1.1–1.4)`. */
function spread(values: number[], unit: (value: number) => string): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${unit(sorted[Math.floor(sorted.length / 2)]!)} (${unit(sorted[0]!)}–${unit(sorted.at(-1)!)})`;
}
const seconds = (value: number) => `${value.toFixed(2)} s`;
const megabytes = (value: number) => `${(value / 1e6).toFixed(0)} MB`;

/** The seed deck's slide the bench edits, and the edit: its title, changed each build. */
const EDITED_DECK = 'advanced-kubernetes';
const EDITED_TITLE = '## Why this matters';

/**
 * In the talk folder `root` (whose `slides/` holds the seed decks): the command's cold build, warm builds
 * with nothing changed, and `runs` builds each after one slide of the seed deck is edited (its title
 * changed, as a speaker fixing a word does), with the median and range of each and the load average.
 */
export function commandBuildRows(root: string, runs = 5): Row[] {
  const loadBefore = load();
  const cold = commandBuild(root);
  // The next build compiles once more the decks whose diagrams the cold one drew (see deckCache.ts).
  commandBuild(root);
  const warm = Array.from({ length: runs }, () => commandBuild(root));
  const deck = join(root, 'slides', EDITED_DECK, 'deck.md');
  const original = readFileSync(deck, 'utf8');
  if (!original.includes(`\n${EDITED_TITLE}\n`)) throw new Error(`bench: ${deck} has no "${EDITED_TITLE}" slide`);
  const edited: CommandRun[] = [];
  try {
    for (let i = 1; i <= runs; i++) {
      writeFileSync(deck, original.replace(`\n${EDITED_TITLE}\n`, `\n${EDITED_TITLE} (take ${i})\n`));
      edited.push(commandBuild(root));
    }
  } finally {
    writeFileSync(deck, original);
  }
  const row = (what: string, measured: CommandRun[]): Row => [
    what,
    `${spread(
      measured.map((run) => run.seconds),
      seconds,
    )}, peak ${spread(
      measured.map((run) => run.peakBytes),
      megabytes,
    )}, CPU ${spread(
      measured.map((run) => run.cpuSeconds),
      seconds,
    )}`,
  ];
  return [
    row('`lectern build`, cold (compiled command, no .lectern/ yet: every slide laid out)', [cold]),
    row(`\`lectern build\`, warm, nothing changed (median of ${runs}, range)`, warm),
    row(
      `\`lectern build\` after one slide of ${EDITED_DECK} edited (median of ${runs}, range; target ≤ 1.5 s, ≤ 400 MB)`,
      edited,
    ),
    ['  its layout check said', edited.at(-1)!.layout],
    ['load average (1, 5, 15 min) before and after the command builds', `${loadBefore} → ${load()}`],
    [
      'how to read it',
      'time: wall clock of the command; peak: VmHWM of the build process; CPU: that process’s own user + system time (not the browser’s), which a loaded machine stretches far less than the wall clock',
    ],
  ];
}

/** The command's builds alone, in a scratch copy of the seed decks (`npm run bench -- build`). */
export async function benchCommandBuild(): Promise<Row[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'lectern-bench-edit-'));
  try {
    cpSync(join(PROJECT_ROOT, 'slides'), join(scratch, 'slides'), { recursive: true });
    return commandBuildRows(scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
