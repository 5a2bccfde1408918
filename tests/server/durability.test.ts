/**
 * Acknowledged means durable: the real `server/main.ts` in a child process, SIGKILLed with votes in
 * flight, restarted on the same SQLite file.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as ioClient } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/protocol.ts';
import { newClientId, type TestSocket } from '../helpers/server.ts';
import { FIXTURE_DECK, writeFixtureDist } from './fixtureDist.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TOKEN = 'durability-test-token';

let child: ChildProcess | null = null;
const sockets: TestSocket[] = [];
let dir = '';

afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
  child?.kill('SIGKILL');
  child = null;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts `server/main.ts` and resolves with its URL once it printed the port it bound. */
async function startMain(dist: string, data: string): Promise<string> {
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/main.ts',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--dist',
      dist,
      '--data',
      data,
      '--no-build',
    ],
    { cwd: ROOT, env: { ...process.env, LECTERN_PRESENTER_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child = proc;
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    proc.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const port = /lectern listening port=(\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      }
    });
    proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.on('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
}

function connect(url: string, role: 'presenter' | 'audience', clientId = newClientId()) {
  const socket: TestSocket = ioClient(url, {
    auth: { deck: FIXTURE_DECK, role, clientId, ...(role === 'presenter' ? { token: TOKEN } : {}) },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  const snapshot = new Promise<Snapshot>((resolve, reject) => {
    socket.once('snapshot', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, clientId, snapshot };
}

describe('durability', () => {
  it('keeps every acknowledged vote, the slide and the poll states through a SIGKILL', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-kill-'));
    const dist = writeFixtureDist(dir);
    const data = path.join(dir, 'talks.sqlite');
    const url = await startMain(dist, data);

    const presenter = connect(url, 'presenter');
    await presenter.snapshot;
    const p = presenter.socket;
    await p.emitWithAck('slide:set', { h: 3, v: 0, f: -1 });
    await p.emitWithAck('poll:open', { pollId: 'q2' });
    await p.emitWithAck('poll:open', { pollId: 'q1' });
    await p.emitWithAck('poll:show-results', { pollId: 'q1', show: true });

    // N voters, every vote acknowledged; a fifth of them change their mind, also acknowledged.
    const N = 60;
    const voters = Array.from({ length: N }, () => connect(url, 'audience'));
    await Promise.all(voters.map((v) => v.snapshot));
    const acked = new Map<string, number>();
    await Promise.all(
      voters.map(async (v, i) => {
        const reply = await v.socket.emitWithAck('vote', { pollId: 'q1', choice: i % 3 });
        if (reply.ok) acked.set(v.clientId, reply.choice);
      }),
    );
    await Promise.all(
      voters.slice(0, N / 5).map(async (v, i) => {
        const reply = await v.socket.emitWithAck('vote', { pollId: 'q1', choice: (i + 1) % 3 });
        if (reply.ok) acked.set(v.clientId, reply.choice);
      }),
    );
    await Promise.all(voters.slice(0, 10).map((v, i) => v.socket.emitWithAck('rate', { score: (i % 5) + 1 })));
    expect(acked.size).toBe(N);

    // More votes on q2 in flight; kill the server as soon as the first ten are acknowledged.
    const late = Array.from({ length: 40 }, () => connect(url, 'audience'));
    await Promise.all(late.map((v) => v.snapshot));
    const lateAcked = new Map<string, number>();
    const killed = new Promise<void>((resolve) => {
      late.forEach((v, i) => {
        v.socket.emit('vote', { pollId: 'q2', choice: i % 4 }, (reply) => {
          if (!reply.ok) return;
          lateAcked.set(v.clientId, reply.choice);
          if (lateAcked.size === 10) {
            child!.kill('SIGKILL');
            resolve();
          }
        });
      });
    });
    await killed;
    const ackedBeforeKill = new Map(lateAcked);
    await new Promise<void>((resolve) => child!.once('exit', () => resolve()));
    for (const s of sockets.splice(0)) s.disconnect();

    const restarted = await startMain(dist, data);
    const back = connect(restarted, 'presenter');
    const snapshot = await back.snapshot;
    expect(snapshot.slide).toEqual({ h: 3, v: 0, f: -1 });
    expect(snapshot.seq).toBe(4);
    const [q1, q2] = snapshot.polls;
    expect(q1).toMatchObject({ phase: 'open', showResults: true });
    expect(q2).toMatchObject({ phase: 'open', showResults: false });

    // q1: exactly the acknowledged ballots.
    const expected = [0, 0, 0];
    for (const choice of acked.values()) expected[choice]! += 1;
    expect(q1!.tally).toEqual({ counts: expected, voters: N });
    expect(snapshot.rating!.summary).toEqual({ count: 10, average: 3, histogram: [2, 2, 2, 2, 2] });

    // q2: every ballot acknowledged before the kill is there; unacknowledged ones may or may not be.
    expect(q2!.tally!.voters).toBeGreaterThanOrEqual(ackedBeforeKill.size);
    expect(q2!.tally!.voters).toBeLessThanOrEqual(late.length);
    const sample = [...ackedBeforeKill].slice(0, 10);
    const views = await Promise.all(sample.map(([clientId]) => connect(restarted, 'audience', clientId).snapshot));
    expect(views.map((v) => v.polls[1]!.yourChoice)).toEqual(sample.map(([, choice]) => choice));
  });
});
