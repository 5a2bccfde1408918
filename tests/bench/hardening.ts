/**
 * `npm run bench -- hardening`: runs the hardening stress suite (`npm run test:stress`) in its own
 * process and returns the figures it recorded, one row per check, with its pass rule.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { figuresTable, readFigures } from '../hardening/harness/figures.ts';
import type { BenchTable } from './table.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export async function benchHardening(): Promise<BenchTable> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-hardening-'));
  const file = path.join(dir, 'figures.jsonl');
  try {
    const run = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'tests/hardening/stress.config.ts'],
      {
        cwd: ROOT,
        env: { ...process.env, LECTERN_FIGURES_FILE: file },
        stdio: ['ignore', 'ignore', 'inherit'],
        timeout: 20 * 60_000,
      },
    );
    const figures = readFigures(file);
    const notes = [
      `stress suite ${run.status === 0 ? 'passed' : `failed (exit ${run.status ?? run.signal})`}; ${figures.length} figures`,
    ];
    return figuresTable(figures, notes);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
