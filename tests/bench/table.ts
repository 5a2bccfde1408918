/** A bench's output: one markdown table per section. */
export interface BenchTable {
  title: string;
  columns: string[];
  rows: string[][];
  /** Lines printed under the table: method, caveats, targets. */
  notes?: string[];
}

export function toMarkdown(table: BenchTable): string {
  const escapeCell = (cell: string) => cell.replaceAll('|', '\\|');
  const lines = [
    `### ${table.title}`,
    '',
    `| ${table.columns.map(escapeCell).join(' | ')} |`,
    `| ${table.columns.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ];
  if (table.notes?.length) lines.push('', ...table.notes.map((n) => `- ${n}`));
  return lines.join('\n');
}

export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function sortNumbers(values: number[]): Float64Array {
  return Float64Array.from(values).sort();
}

export const ms = (micros: number) => `${(micros / 1000).toFixed(1)} ms`;
export const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
