/**
 * Stress run set-up: a file the tests append their figures to, printed as one table at the end. When
 * the caller already named one (`LECTERN_FIGURES_FILE`, as the bench does), that file is used and kept.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toMarkdown } from '../../bench/table.ts';
import { figuresTable, readFigures } from '../harness/figures.ts';

export default function setup(): () => void {
  const given = process.env.LECTERN_FIGURES_FILE;
  const dir = given ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-figures-'));
  const file = given ?? path.join(dir!, 'figures.jsonl');
  process.env.LECTERN_FIGURES_FILE = file;
  const started = Date.now();
  return () => {
    const table = figuresTable(readFigures(file), [
      `stress run: ${((Date.now() - started) / 1000).toFixed(0)} s on ${os.cpus().length} cores`,
    ]);
    console.log(`\n${toMarkdown(table)}\n`);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  };
}
