/**
 * The figures each hardening check measures, with its pass rule. The stress run and the bench collect
 * them into one table: a stress test records a row when `LECTERN_FIGURES_FILE` names a file (the
 * stress run's set-up does), and returns it either way.
 */
import fs from 'node:fs';
import type { BenchTable } from '../../bench/table.ts';

/** The two ways the stress checks run lectern: one server on a SQLite file, or two nodes on one Redis. */
export type StressMode = 'sqlite' | 'redis';
export const MODE_NAMES: Record<StressMode, string> = { sqlite: 'SQLite', redis: 'Redis, 2 nodes' };

export interface Figure {
  /** The item number and name, e.g. `3. Reconnect storm`. */
  item: string;
  /** `SQLite` or `Redis, 2 nodes`, or `—`. */
  mode: string;
  /** The pass rule, in words. */
  rule: string;
  /** What was measured. */
  measured: string;
  pass: boolean;
}

export function recordFigure(figure: Figure): Figure {
  const file = process.env.LECTERN_FIGURES_FILE;
  if (file) fs.appendFileSync(file, `${JSON.stringify(figure)}\n`);
  return figure;
}

export function readFigures(file: string): Figure[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Figure);
}

export function figuresTable(figures: Figure[], notes: string[] = []): BenchTable {
  const sorted = [...figures].sort(
    (a, b) => parseInt(a.item, 10) - parseInt(b.item, 10) || a.mode.localeCompare(b.mode),
  );
  return {
    title: 'Hardening: faults, floods and hostile input',
    columns: ['item', 'mode', 'pass rule', 'measured', 'result'],
    rows: sorted.map((f) => [f.item, f.mode, f.rule, f.measured, f.pass ? 'PASS' : 'FAIL']),
    notes,
  };
}

/** Milliseconds, to one decimal. */
export const ms = (value: number): string => `${value.toFixed(1)} ms`;
export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
export const count = (n: number): string => n.toLocaleString('en');

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
