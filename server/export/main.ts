/**
 * `npm run export -- <deck> [--out file.pdf] [--notes] [--results] [--fragments] [--no-build] [--dist folder]`:
 * the deck as a PDF handout. Progress goes to stderr; the file written is the last line.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, USAGE } from './args.ts';
import { ExportError } from './errors.ts';
import { exportDeck } from './exportDeck.ts';
import { createProgress } from './progress.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const progress = createProgress();
  // `npm run` moves to the project root; paths on the command line are meant from where it was typed.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  try {
    const options = parseArgs(argv);
    options.out = path.resolve(cwd, options.out);
    if (options.dist) options.dist = path.resolve(cwd, options.dist);
    const report = await exportDeck(options, { root: ROOT, env: process.env, progress });
    const pages = report.pages === null ? '' : `${report.pages} pages, `;
    progress.done(`wrote ${path.relative(cwd, report.file)}: ${pages}${size(report.bytes)}`);
  } catch (error) {
    progress.done();
    if (!(error instanceof ExportError)) throw error;
    process.stderr.write(`export: ${error.message}\n`);
    process.exitCode = 1;
  }
}

await main(process.argv.slice(2));
