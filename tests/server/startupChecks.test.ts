/**
 * `npm start` refuses a presenter token the speaker chose that is too short to withstand guessing,
 * before it serves anything, and says what to do.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFixtureDist } from './fixtureDist.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('refuses a LECTERN_PRESENTER_TOKEN under 16 characters', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-startup-'));
    const dist = writeFixtureDist(dir);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'server/main.ts',
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        '--no-build',
        '--dist',
        dist,
        '--data',
        path.join(dir, 'talks.sqlite'),
      ],
      {
        cwd: ROOT,
        env: { ...process.env, LECTERN_PRESENTER_TOKEN: '1234', REDIS_URL: '' },
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', resolve);
      setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 20_000);
    });
    expect(code).toBe(1);
    expect(output).toContain('LECTERN_PRESENTER_TOKEN is 4 characters; it must be at least 16');
    expect(output).not.toContain('listening');
  });
});
