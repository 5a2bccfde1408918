/** Runs the real `npm run export` command line in a child process, as a speaker would. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../helpers/build.ts';

export interface ExportRun {
  code: number;
  stdout: string;
  stderr: string;
}

const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const CLI = path.join(PROJECT_ROOT, 'server', 'export', 'main.ts');

/**
 * `--no-build` unless a test asks otherwise: the test run built `dist/` once, and other work in the
 * tree may touch sources meanwhile, which must not send every export into a private rebuild.
 */
export function runExport(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ExportRun> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [CLI, ...args, '--no-build'],
      { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
