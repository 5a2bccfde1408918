/**
 * Replays on two nodes sharing a Redis: the phone's sessions alternate between the nodes, and a third
 * node started afterwards, reading only Redis, finds one ballot, the last acknowledged choice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/protocol.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { FIXTURE_DECK, writeFixtureDist } from '../server/fixtureDist.ts';
import { recordFigure } from './harness/figures.ts';
import { HARDENING_TOKEN, type ServerProcess, startServerProcess } from './harness/serverProcess.ts';
import { replayFigure, runReplays } from './scenarios/replays.ts';

let redis: TestRedis;
let dir: string;
let dist: string;
const nodes: ServerProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-replays-'));
  dist = writeFixtureDist(dir);
  nodes.push(...(await Promise.all([0, 1].map(() => startServerProcess({ dist, redis: redis.url })))));
});
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.stop()));
  await redis?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function snapshotOf(url: string, role: 'presenter' | 'audience', clientId: string): Promise<Snapshot> {
  const socket = io(url, {
    auth: { deck: FIXTURE_DECK, role, clientId, ...(role === 'presenter' ? { token: HARDENING_TOKEN } : {}) },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise<Snapshot>((resolve, reject) => {
    socket.once('snapshot', resolve);
    socket.once('connect_error', reject);
  }).finally(() => socket.disconnect());
}

describe('replays on two Redis nodes', () => {
  it('one phone, 50 votes across both nodes with replays and retries: one ballot, the last acknowledged', async () => {
    const presenter = io(nodes[0]!.url, {
      auth: { deck: FIXTURE_DECK, role: 'presenter', clientId: 'presenter-0001', token: HARDENING_TOKEN },
      transports: ['websocket'],
      reconnection: false,
    });
    expect(await presenter.emitWithAck('poll:open', { pollId: 'q2' })).toMatchObject({ ok: true });
    presenter.disconnect();

    const phone = 'replaying-phone-redis';
    const run = await runReplays({
      urls: nodes.map((n) => n.url),
      deck: FIXTURE_DECK,
      clientId: phone,
      pollId: 'q2',
      choices: 4,
    });
    expect(run.votes).toBe(50);

    const fresh = await startServerProcess({ dist, redis: redis.url });
    nodes.push(fresh);
    const counts = [0, 0, 0, 0];
    counts[run.lastAcked] = 1;
    expect((await snapshotOf(fresh.url, 'presenter', 'presenter-0002')).polls[1]!.tally).toEqual({ counts, voters: 1 });
    expect((await snapshotOf(fresh.url, 'audience', phone)).polls[1]!.yourChoice).toBe(run.lastAcked);
    recordFigure(replayFigure('Redis, 2 nodes', [run], 1, 'sessions alternating nodes, read back by a third node'));
  });
});
