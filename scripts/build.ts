/**
 * `npm run build [-- --strict] [vite build options]`: `vite build`, where `--strict` makes a slide
 * element that overflows its slide fail the build instead of warning. Vite refuses options it does
 * not know, so `--strict` reaches the lectern plugin as `LECTERN_STRICT=1`.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const args = process.argv.slice(2);
const strict = args.includes('--strict');
const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
const child = spawn(process.execPath, [vite, 'build', ...args.filter((arg) => arg !== '--strict')], {
  stdio: 'inherit',
  env: { ...process.env, ...(strict ? { LECTERN_STRICT: '1' } : {}) },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
