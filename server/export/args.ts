/**
 * `lectern export <deck> [--out file.pdf] [--notes] [--results] [--fragments]`, parsed without I/O by
 * `node:util` parseArgs, the parser every lectern command uses.
 */
import { parseArgs as parseCommandLine } from 'node:util';
import { ExportError } from './errors.ts';

export interface ExportOptions {
  /** Folder name under `slides/`. */
  deck: string;
  /** Where the PDF goes. @defaultValue `<deck>.pdf` in the current folder */
  out: string;
  /** Each slide's speaker notes below it on the same page. @defaultValue false */
  notes: boolean;
  /** The room's tallies, % right, right answers and rating drawn on the poll slides. @defaultValue false */
  results: boolean;
  /** One page per fragment step instead of one per slide with every fragment shown. @defaultValue false */
  fragments: boolean;
  /** Print the built decks as they are, even when older than their sources. @defaultValue true (build a copy when stale) */
  build: boolean;
  /** Folder of built decks. @defaultValue `dist/` of the talk folder */
  dist?: string;
  /** The report after the talk instead of the deck: pacing, audience, answers, rating. @defaultValue false */
  report?: boolean;
  /** The run `--results` and `--report` show: its number or name. @defaultValue the current run */
  run?: string;
  /** With `--report`: a second run side by side. @defaultValue none */
  compare?: string;
}

export const USAGE =
  'usage: lectern export <deck> [--out file.pdf] [--notes] [--results] [--fragments] [--report [--compare run]] [--run run] [--no-build] [--dist folder]';

export const EXPORT_FLAGS = {
  out: { type: 'string', short: 'o' },
  notes: { type: 'boolean', default: false },
  results: { type: 'boolean', default: false },
  fragments: { type: 'boolean', default: false },
  'no-build': { type: 'boolean', default: false },
  dist: { type: 'string' },
  report: { type: 'boolean', default: false },
  run: { type: 'string' },
  compare: { type: 'string' },
} as const;

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** The parsed flags and the deck named on the command line → what to export. */
export function exportOptions(positionals: readonly string[], values: Values): ExportOptions {
  if (positionals.length === 0) throw new ExportError(`which deck?\n${USAGE}`);
  if (positionals.length > 1) throw new ExportError(`one deck at a time (got ${positionals.join(' and ')})\n${USAGE}`);
  // A trailing slash from shell completion of `slides/<deck>/` is harmless.
  const deck = positionals[0]!.replace(/^slides\//, '').replace(/\/+$/, '');
  const out = typeof values.out === 'string' ? values.out : undefined;
  if (out !== undefined && (out === '' || out.startsWith('-')))
    throw new ExportError(`--out needs a file name\n${USAGE}`);
  const dist = typeof values.dist === 'string' ? values.dist : undefined;
  if (dist !== undefined && (dist === '' || dist.startsWith('-')))
    throw new ExportError(`--dist needs a folder\n${USAGE}`);
  const report = values.report === true;
  const run = typeof values.run === 'string' ? values.run : undefined;
  const compare = typeof values.compare === 'string' ? values.compare : undefined;
  if (compare !== undefined && !report) throw new ExportError(`--compare goes with --report\n${USAGE}`);
  if (report && (values.notes === true || values.results === true || values.fragments === true))
    throw new ExportError(
      `--report prints the report, not the deck: leave out --notes, --results and --fragments\n${USAGE}`,
    );
  return {
    deck,
    out: out ?? (report ? `${deck}-report.pdf` : `${deck}.pdf`),
    ...(report ? { report: true } : {}),
    ...(run !== undefined ? { run } : {}),
    ...(compare !== undefined ? { compare } : {}),
    notes: values.notes === true,
    results: values.results === true,
    fragments: values.fragments === true,
    build: values['no-build'] !== true,
    ...(dist ? { dist } : {}),
  };
}

export function parseArgs(argv: readonly string[]): ExportOptions {
  let parsed: ReturnType<
    typeof parseCommandLine<{ args: string[]; options: typeof EXPORT_FLAGS; allowPositionals: true; strict: true }>
  >;
  try {
    parsed = parseCommandLine({ args: [...argv], options: EXPORT_FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ExportError(`${(error as Error).message}\n${USAGE}`);
  }
  return exportOptions(parsed.positionals, parsed.values);
}
