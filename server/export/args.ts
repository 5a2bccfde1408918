/**
 * `npm run export -- <deck> [--out file.pdf] [--notes] [--results] [--fragments]`, parsed without I/O.
 */
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
  /** Folder of built decks. @defaultValue `dist/` of the project */
  dist?: string;
}

export const USAGE = 'usage: npm run export -- <deck> [--out file.pdf] [--notes] [--results] [--fragments] [--no-build] [--dist folder]';

const FLAGS = { '--notes': 'notes', '--results': 'results', '--fragments': 'fragments', '--no-build': 'noBuild' } as const;

export function parseArgs(argv: readonly string[]): ExportOptions {
  let deck: string | undefined;
  let out: string | undefined;
  let dist: string | undefined;
  const flags = { notes: false, results: false, fragments: false, noBuild: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--out' || arg === '-o') {
      out = argv[++i];
      if (!out || out.startsWith('-')) throw new ExportError(`--out needs a file name\n${USAGE}`);
    } else if (arg.startsWith('--out=')) {
      out = arg.slice('--out='.length);
    } else if (arg === '--dist') {
      dist = argv[++i];
      if (!dist || dist.startsWith('-')) throw new ExportError(`--dist needs a folder\n${USAGE}`);
    } else if (arg in FLAGS) {
      flags[FLAGS[arg as keyof typeof FLAGS]] = true;
    } else if (arg.startsWith('-')) {
      throw new ExportError(`unknown option ${arg}\n${USAGE}`);
    } else if (deck === undefined) {
      deck = arg;
    } else {
      throw new ExportError(`one deck at a time (got ${deck} and ${arg})\n${USAGE}`);
    }
  }
  if (!deck) throw new ExportError(`which deck?\n${USAGE}`);
  // A trailing slash from shell completion of `slides/<deck>/` is harmless.
  deck = deck.replace(/^slides\//, '').replace(/\/+$/, '');
  const { noBuild, ...shown } = flags;
  return { deck, out: out ?? `${deck}.pdf`, ...shown, build: !noBuild, ...(dist ? { dist } : {}) };
}
