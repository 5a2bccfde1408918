/**
 * `lectern export <deck> --report` through the real command line and the system browser: the PDF
 * shows each section's planned and actual minutes, read back with pdftotext, and the runs it names.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../server/loadDecks.ts';
import { readRun } from '../../server/results/readRuns.ts';
import { buildRunReport } from '../../server/results/report.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import { formatDuration } from '../../src/core/format.ts';
import { DIST } from '../helpers/build.ts';
import { fillTalk } from './fillStore.ts';
import { pdfInfo } from './pdf.ts';
import { runExport } from './runExport.ts';

const DECK = 'advanced-kubernetes';
const manifestFile = path.join(DIST, DECK, 'manifest.json');
const manifest = parseManifest(JSON.parse(fs.readFileSync(manifestFile, 'utf8')), manifestFile);
const T0 = Date.parse('2026-11-26T19:04:00Z');

let dir: string;
let data: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-report-test-'));
  data = path.join(dir, 'talks.sqlite');
  const store = openSqliteStore(data);
  await store.newRun(DECK, { name: 'rehearsal', rehearsal: true });
  await store.newRun(DECK, { name: 'Berlin meetup', rehearsal: false });
  await fillTalk(store, DECK, { quizzes: { q1: [3, 1, 17, 2] }, ratings: [0, 1, 2, 9, 14] });
  await store.close();
  // A talk's timeline as it would be recorded over 40 minutes: every slide in order, 25–65 s each,
  // the third section running long. Written with its own times (the store stamps "now").
  const db = new Database(data);
  const put = db.prepare('INSERT INTO slide_changes (deck, run, at, h, v, f) VALUES (?, 2, ?, ?, ?, -1)');
  let t = T0;
  for (const [i, slide] of manifest.slides!.entries()) {
    put.run(DECK, t, slide.h, slide.v);
    t += (25 + ((i * 17) % 40)) * 1000 * (slide.section === 3 ? 1.5 : 1);
  }
  db.prepare('INSERT INTO audience_samples (deck, run, at, count) VALUES (?, 2, ?, ?)').run(DECK, T0 + 5000, 80);
  db.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the PDF report', () => {
  let lines: string[];
  let expected: ReturnType<typeof buildRunReport>;
  beforeAll(async () => {
    const out = path.join(dir, 'report.pdf');
    const run = await runExport([DECK, '--report', '--compare', 'rehearsal', '--out', out], { LECTERN_DATA: data });
    expect(run.code, run.stderr).toBe(0);
    lines = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' }).split('\n');
    const reader = openSqliteStore(data, { mustExist: true });
    expected = buildRunReport(manifest, (await readRun(reader, DECK))!);
    await reader.close();
  }, 120_000);

  it('prints on A4 pages', () => {
    const info = pdfInfo(path.join(dir, 'report.pdf'));
    expect([Math.round(info.width), Math.round(info.height)]).toEqual([595, 842]);
  });

  it("shows each section's planned and actual minutes on the section's own line", () => {
    expect(expected.sections).toHaveLength(manifest.sections!.length);
    for (const section of expected.sections) {
      const line = lines.find((l) => l.includes(section.title));
      expect(line, section.title).toBeDefined();
      const planned = formatDuration(section.plannedMinutes * 60_000);
      const actual = formatDuration(section.actualMs);
      expect(line, section.title).toMatch(new RegExp(`${planned}\\s+${actual}\\s`));
    }
    // The long section says by how much.
    const third = lines.find((l) => l.includes(manifest.sections![2]!.title))!;
    expect(third).toContain(`+${formatDuration(expected.sections[2]!.overMs)} over`);
  });

  it('names both runs, the rehearsal marked, and the answers lettered as the room saw them', () => {
    const text = lines.join('\n');
    expect(text).toContain('Berlin meetup');
    expect(text).toMatch(/Run 1\s+rehearsal\s+REHEARSAL/);
    expect(text).toMatch(/C\s+The kube-apiserver/);
    expect(text).toContain('Whole talk');
    // Every run's % right per question: the rehearsal had no votes, the talk 17 of 23 right on q1.
    const q1 = lines.find((l) => /q1\s+Which component/.test(l) && l.includes('%'));
    expect(q1).toMatch(/–\s+73\.9%/);
  });
});

describe('export --results of a run', () => {
  it('takes the run by name: the rehearsal here had no votes, and says so; a run that is not there is named', async () => {
    const out = path.join(dir, 'rehearsal.pdf');
    const rehearsal = await runExport([DECK, '--results', '--run', 'rehearsal', '--out', out], { LECTERN_DATA: data });
    expect(rehearsal.code).toBe(1);
    expect(rehearsal.stderr).toContain(`no results recorded for ${DECK} in run 1`);
    const missing = await runExport([DECK, '--report', '--run', 'Tokyo', '--out', out], { LECTERN_DATA: data });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/has no run "Tokyo" \(its runs: #1 "rehearsal", #2 "Berlin meetup"\)/);
  });
});
