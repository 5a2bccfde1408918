import path from 'node:path';
import { EXPORT_FLAGS, exportOptions, USAGE } from '../../server/export/args.ts';
import { ExportError } from '../../server/export/errors.ts';
import { exportDeck } from '../../server/export/exportDeck.ts';
import { createProgress } from '../../server/export/progress.ts';
import type { Command } from '../command.ts';

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const exportCommand: Command = {
  usage: `Usage: ${USAGE.replace(/^usage: /, '')}

  --out <file>, -o   where the PDF goes               default <deck>.pdf here
  --notes            each slide's speaker notes below it
  --results          the room's tallies, % right and rating on the poll slides (reads LECTERN_DATA or REDIS_URL)
  --fragments        one page per fragment step
  --no-build         print dist/ as it is, even when older than the slides
  --dist <folder>    built decks                      default dist/
  --report           the report after the talk instead of the deck: time per section against
                     its plan, time per slide, audience over time, answers, rating
                     (default out <deck>-report.pdf)
  --run <id|name>    the run --results and --report show     default the current run
  --compare <run>    with --report: a second run side by side

Progress goes to stderr; the file written is the last line.
`,
  options: EXPORT_FLAGS,
  positionals: [1, 1],
  async run({ values, positionals, talk }) {
    const progress = createProgress();
    // `npm run` moves to the package's folder; paths on the command line are meant from where it was typed.
    const cwd = process.env.INIT_CWD ?? process.cwd();
    try {
      const options = exportOptions(positionals, values);
      options.out = path.resolve(cwd, options.out);
      if (options.dist) options.dist = path.resolve(cwd, options.dist);
      const report = await exportDeck(options, { root: talk.root, env: process.env, progress });
      const pages = report.pages === null ? '' : `${report.pages} pages, `;
      progress.done(`wrote ${path.relative(cwd, report.file)}: ${pages}${size(report.bytes)}`);
    } catch (error) {
      progress.done();
      if (!(error instanceof ExportError)) throw error;
      process.stderr.write(`export: ${error.message}\n`);
      return 1;
    }
  },
};
