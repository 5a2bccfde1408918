/**
 * Runs as the speaker reads them on the terminal: one line per run, and each question's % right
 * run by run. Pure: summaries in, text out.
 */
import { namedByItsStart } from '../../src/core/runName.ts';
import type { RunSummary } from '../../src/protocol.ts';
import type { RunInfo } from '../talk/runs.ts';

/** `2026-11-30 19:05`, in the laptop's time zone. */
export function formatWhen(at: number | string): string {
  const date = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/**
 * `#2 "Berlin meetup", started 2026-11-30 19:05 (rehearsal)`; a run still named by its start is
 * `#1 "2026-11-30 19:05"`, its date once.
 */
export function describeRun(run: Pick<RunInfo, 'id' | 'name' | 'rehearsal' | 'startedAt'>): string {
  const started = namedByItsStart(run.name) ? '' : `, started ${formatWhen(run.startedAt)}`;
  return `#${run.id} "${run.name}"${started}${run.rehearsal ? ' (rehearsal)' : ''}`;
}

const cell = (value: number | null, suffix = ''): string => (value === null ? '–' : `${value}${suffix}`);

/** The table of `lectern results <deck> --runs`, the current run marked with `*`. */
export function runsToText(title: string, runs: readonly RunSummary[]): string {
  const header = ['run', 'date', 'name', 'peak', 'voters', 'right', 'rating'];
  const rows = runs.map((r) => [
    `${r.endedAt === null ? '*' : ' '}${r.id}`,
    formatWhen(r.startedAt),
    r.rehearsal ? `${r.name} (rehearsal)` : r.name,
    String(r.peakAudience),
    String(r.voters),
    cell(r.percentRight, '%'),
    r.rating.average === null ? '–' : `${r.rating.average.toFixed(2)} (${r.rating.count})`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  // Numbers right-aligned, words left-aligned.
  const numeric = [true, false, false, true, true, true, true];
  const line = (row: string[]) =>
    row
      .map((text, i) => (numeric[i] ? text.padStart(widths[i]!) : text.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    `${title}: ${runs.length} ${runs.length === 1 ? 'run' : 'runs'} (* current)`,
    '',
    line(header),
    ...rows.map(line),
  ].join('\n');
}

/** Each question's % right in every run, oldest run first: a question that keeps failing shows as a row of low numbers. */
export function acrossRunsToText(runs: readonly RunSummary[]): string {
  if (runs.length === 0 || runs[0]!.questions.length === 0) return '';
  const ids = runs.map((r) => `#${r.id}`);
  const width = Math.max(5, ...ids.map((id) => id.length));
  const lines = ['% right by question, run by run', ''];
  lines.push(`${'question'.padEnd(10)}${ids.map((id) => id.padStart(width + 2)).join('')}`);
  runs[0]!.questions.forEach((question, i) => {
    const values = runs.map((r) => cell(r.questions[i]?.percentRight ?? null, '%'));
    lines.push(`${question.pollId.padEnd(10)}${values.map((v) => v.padStart(width + 2)).join('')}  ${question.prompt}`);
  });
  return lines.join('\n');
}
