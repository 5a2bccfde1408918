/**
 * A real `redis-server` for a test: on 127.0.0.1 and a free port, in a temp folder, persisting every
 * write before it answers (`appendfsync always`), stopped by its PID. It can be killed and started
 * again on the same port and folder, to test what survives a crash of Redis.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { endingOf } from './childProcess.ts';

export interface TestRedis {
  url: string;
  port: number;
  dir: string;
  readonly pid: number;
  /** SIGKILL: a crash, nothing flushed beyond what was already fsynced. */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder (after `kill` or `stop`). */
  restart(): Promise<void>;
  /** SIGTERM, then SIGKILL if it is still there after a few seconds; removes the folder unless kept. */
  stop(options?: { keepFiles?: boolean }): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startRedis(): Promise<TestRedis> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-redis-'));
  const port = await freePort();
  let child = await launch(port, dir);

  const kill = () => endingOf(child).kill();

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    get pid() {
      return child.pid ?? -1;
    },
    kill,
    async restart() {
      await kill();
      child = await launch(port, dir);
    },
    async stop(options = {}) {
      await endingOf(child).stop();
      if (!options.keepFiles) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--dir',
      dir,
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(new Error(`redis-server did not start (is it installed? .ci/run installs it): ${error.message}`)),
    );
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${output}`)));
  });
  failed.catch(() => {});
  await Promise.race([waitForPong(port), failed]);
  return child;
}

/** Sends PING until Redis answers PONG (it also answers LOADING while it replays the append-only file). */
async function waitForPong(port: number): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await ping(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${START_TIMEOUT_MS} ms`);
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}
