/**
 * Stress run set-up: a file the tests append their figures to, printed as one table at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toMarkdown } from '../../bench/table.ts';
import { figuresTable, readFigures } from '../harness/figures.ts';

export default function setup(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-figures-'));
  const file = path.join(dir, 'figures.jsonl');
  process.env.LECTERN_FIGURES_FILE = file;
  const started = Date.now();
  return () => {
    const table = figuresTable(readFigures(file), [`stress run: ${((Date.now() - started) / 1000).toFixed(0)} s on ${os.cpus().length} cores`]);
    console.log(`\n${toMarkdown(table)}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
