/**
 * The server as the README starts it (`npm start`: compiled JavaScript from lib/), idle: its RSS once
 * it has settled after listening (V8 gives back the start-up's young generation after some 25 s idle),
 * beside the same command run from TypeScript through tsx, as it ran before. Both start together, on
 * the built decks, so neither builds and the machine's load hits both alike.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAverage } from './fanout.ts';
import type { BenchTable } from './table.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const IDLE_MS = 35_000;
const sleep = (millis: number) => new Promise((r) => setTimeout(r, millis));

/** VmRSS of a process, in bytes. */
function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) * 1024;
}

/** Starts `args` with node in the repository, waits until it listens and idles, returns its RSS and start time. */
async function idleRss(args: string[]): Promise<{ rss: number; listenMs: number }> {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-startup-'));
  const started = Date.now();
  const child = spawn(process.execPath, [...args, 'start', '--port', '0', '--host', '127.0.0.1', '--no-build'], {
    cwd: ROOT,
    env: { ...process.env, LECTERN_DATA: path.join(data, 'talks.sqlite') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const listenMs = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        out += text;
        if (out.includes('lectern listening')) resolve(Date.now() - started);
      });
      child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before listening`)));
    });
    await sleep(IDLE_MS);
    return { rss: rssOf(child.pid!), listenMs };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(data, { recursive: true, force: true });
  }
}

export async function benchStartup(): Promise<BenchTable> {
  const loadBefore = loadAverage();
  const runs = 3;
  const setups: [string, string[]][] = [
    ['npm start: node scripts/runCompiled.js (lib/)', ['scripts/runCompiled.js']],
    ['tsx: node --import tsx cli/main.ts (before)', ['--import', 'tsx', 'cli/main.ts']],
  ];
  // Compiles lib/ if stale, outside the measured runs.
  const compile = spawn(process.execPath, ['scripts/runCompiled.js', '--version'], { cwd: ROOT, stdio: 'ignore' });
  await new Promise((r) => compile.once('exit', r));
  const measured: { rss: number; listenMs: number }[][] = setups.map(() => []);
  for (let i = 0; i < runs; i++) {
    const round = await Promise.all(setups.map(([, args]) => idleRss(args)));
    round.forEach((m, k) => measured[k]!.push(m));
  }
  const rows: string[][] = [];
  for (const [k, [name]] of setups.entries()) {
    const rss = measured[k]!.map((m) => m.rss).sort((a, b) => a - b);
    const listen = measured[k]!.map((m) => m.listenMs).sort((a, b) => a - b);
    rows.push([
      name,
      `${(rss[1]! / 1e6).toFixed(1)} MB (${(rss[0]! / 1e6).toFixed(1)}–${(rss[2]! / 1e6).toFixed(1)})`,
      `${listen[1]} ms`,
    ]);
  }
  return {
    title: 'Server start-up: idle RSS',
    columns: ['command', `RSS ${IDLE_MS / 1000} s after listening`, 'to listening'],
    rows,
    notes: [
      `Median of ${runs} starts (range in brackets), \`start --no-build\` on the built dist/ with a fresh data file. Target: ≤ 70 MB. \`lectern start\` gives back the young generation its start-up grew 5–20 s after listening (\`cli/settleMemory.ts\`); without that, V8 did it only at its next collection, which on a loaded machine could be later than 35 s.`,
      `Load average (1, 5, 15 min) ${loadBefore} before, ${loadAverage()} after.`,
    ],
  };
}
