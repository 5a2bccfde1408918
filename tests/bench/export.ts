/**
 * PDF export of the seed deck: time end to end (the command line, as a speaker runs it, Node and
 * browser start included), the in-process split (browser start, `page.pdf()` alone), and PDF bytes
 * per slide. References measured on this kind of machine for 20 slides: reveal's print view through
 * `page.pdf()` 3.4 s, decktape 6.8 s with `--pause 100`.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ExportOptions } from '../../server/export/args.ts';
import { type ExportReport, exportDeck } from '../../server/export/exportDeck.ts';
import { buildDecks, PROJECT_ROOT } from '../helpers/build.ts';
import { type BenchTable, toMarkdown } from './table.ts';

const DECK = 'advanced-kubernetes';
const RUNS = 3;
const REFERENCE = { slides: 20, printViewS: 3.4, decktapeS: 6.8 };

const run = promisify(execFile);
const silent = { step: () => {}, note: () => {}, done: () => {} };
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function cliMilliseconds(dist: string, out: string): Promise<number> {
  const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
  const started = performance.now();
  await run(tsx, [path.join(PROJECT_ROOT, 'server/export/main.ts'), DECK, '--out', out, '--dist', dist, '--no-build'], {
    cwd: PROJECT_ROOT,
  });
  return performance.now() - started;
}

function inProcess(dist: string, out: string, flags: Partial<ExportOptions> = {}): Promise<ExportReport> {
  const options: ExportOptions = {
    deck: DECK,
    out,
    notes: false,
    results: false,
    fragments: false,
    build: false,
    dist,
    ...flags,
  };
  return exportDeck(options, { root: PROJECT_ROOT, env: process.env, progress: silent });
}

export async function benchExport(): Promise<BenchTable> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-export-'));
  const dist = path.join(dir, 'dist');
  try {
    await buildDecks(dist);
    const out = path.join(dir, 'deck.pdf');
    const cli: number[] = [];
    const reports: ExportReport[] = [];
    // Alternated so both see the same warm caches and the same load from the rest of the machine.
    for (let i = 0; i < RUNS; i++) {
      cli.push(await cliMilliseconds(dist, out));
      reports.push(await inProcess(dist, out));
    }
    const report = reports[0]!;
    const notes = await inProcess(dist, path.join(dir, 'notes.pdf'), { notes: true });
    const perSlide = (ms: number) => `${Math.round(ms / report.slides)} ms/slide`;
    const cliMs = median(cli);
    const totalMs = median(reports.map((r) => r.timings.totalMs));
    const referencePerSlide = (s: number) => Math.round((s * 1000) / REFERENCE.slides);
    return {
      title: `PDF export: ${DECK}, ${report.slides} slides → ${report.pages} pages`,
      columns: ['measure', 'value'],
      rows: [
        [`command line, end to end (median of ${RUNS})`, `${seconds(cliMs)} (${perSlide(cliMs)})`],
        [`in process (median of ${RUNS})`, `${seconds(totalMs)} (${perSlide(totalMs)})`],
        ['… of which browser start', seconds(median(reports.map((r) => r.timings.launchMs)))],
        ['… of which page.pdf()', seconds(median(reports.map((r) => r.timings.printMs)))],
        ['PDF bytes per slide', `${kb(report.bytes / report.slides)} (${kb(report.bytes)} in all)`],
        ['PDF bytes per slide, --notes', `${kb(notes.bytes / notes.slides)} (${kb(notes.bytes)} in all)`],
      ],
      notes: [
        'End to end: the export command as a child process, Node, tsx and Chromium start included, on decks built beforehand (no build in the timing).',
        `Reference for ${REFERENCE.slides} slides on this kind of machine: reveal's print view through page.pdf() ${REFERENCE.printViewS} s ` +
          `(${referencePerSlide(REFERENCE.printViewS)} ms/slide), decktape --pause 100 ${REFERENCE.decktapeS} s (${referencePerSlide(REFERENCE.decktapeS)} ms/slide).`,
      ],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Run on its own: `npx tsx tests/bench/export.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(toMarkdown(await benchExport()));
}
