/**
 * `lectern start` resumes the current run; `--new-run [name]` starts a clean one: the real command
 * in a child process, on one SQLite file, started twice.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { io as ioClient } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/protocol.ts';
import { newClientId } from '../helpers/lectern.ts';
import { FIXTURE_DECK, writeFixtureDist } from './fixtureDist.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

let child: ChildProcess | null = null;
let dir = '';
afterEach(() => {
  child?.kill('SIGKILL');
  child = null;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts `lectern start` with `flags`; resolves with its URL and what it printed once it listens. */
function start(dist: string, data: string, flags: string[]): Promise<{ url: string; output: string }> {
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'cli/main.ts',
      'start',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--dist',
      dist,
      '--data',
      data,
      '--no-build',
      ...flags,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, LECTERN_PRESENTER_TOKEN: 'new-run-flag-token-123' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child = proc;
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    proc.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const port = /lectern listening port=(\d+)/.exec(output)?.[1];
      // The run line comes after the listening line; wait for it too.
      if (port && /run {7}/.test(output)) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${port}`, output });
      }
    });
    proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.on('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
}

async function runOf(url: string): Promise<Snapshot['run']> {
  const socket = ioClient(url, {
    auth: { deck: FIXTURE_DECK, role: 'audience', clientId: newClientId() },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  try {
    return (
      await new Promise<Snapshot>((resolve, reject) => {
        socket.once('snapshot', resolve);
        socket.once('connect_error', reject);
      })
    ).run;
  } finally {
    socket.disconnect();
  }
}

async function stop(): Promise<void> {
  const proc = child!;
  proc.kill('SIGKILL');
  if (proc.exitCode === null && proc.signalCode === null) await new Promise((resolve) => proc.once('exit', resolve));
  child = null;
}

describe('lectern start and runs', () => {
  it('resumes the current run, and starts a named rehearsal with --new-run', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-new-run-'));
    const dist = writeFixtureDist(dir);
    const data = path.join(dir, 'talks.sqlite');

    const first = await start(dist, data, []);
    const one = await runOf(first.url);
    expect(one).toMatchObject({ id: 1, rehearsal: false });
    // Named by its start, so the start is printed once, as the name.
    expect(first.output).toMatch(/run {7}fixture-talk: #1 "\d{4}-\d{2}-\d{2} \d{2}:\d{2}" \(new\)\n/);
    await stop();

    const again = await start(dist, data, []);
    expect(await runOf(again.url)).toEqual(one);
    expect(again.output).toContain('(resumed)');
    await stop();

    const fresh = await start(dist, data, ['--new-run', 'Berlin meetup', '--rehearsal']);
    expect(await runOf(fresh.url)).toMatchObject({ id: 2, name: 'Berlin meetup', rehearsal: true });
    expect(fresh.output).toMatch(/run {7}fixture-talk: #2 "Berlin meetup", started .* \(rehearsal\) \(new\)/);
  });

  it('refuses a run name without --new-run, and --rehearsal alone', async () => {
    const cli = ['--import', 'tsx', 'cli/main.ts', 'start', '--no-build'];
    await expect(run(process.execPath, [...cli, 'Berlin'], { cwd: ROOT })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("a run's name goes after --new-run"),
    });
    await expect(run(process.execPath, [...cli, '--rehearsal'], { cwd: ROOT })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('use it with --new-run'),
    });
  });
});
