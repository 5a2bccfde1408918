/**
 * Hardening check 2 (replays) on two nodes sharing a Redis: the phone's sessions alternate between the nodes, and a third
 * node started afterwards, reading only Redis, finds one ballot, the last acknowledged choice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lectern, startLectern } from '../helpers/lectern.ts';
import { recordFigure } from './harness/figures.ts';
import { replayFigure, runReplays } from './scenarios/replays.ts';

let cluster: Lectern;

beforeAll(async () => {
  cluster = await startLectern({ in: 'child', store: 'redis', nodes: 2 });
});
afterAll(async () => {
  await cluster?.close();
});

describe('replays on two Redis nodes', () => {
  it('one phone, 50 votes across both nodes with replays and retries: one ballot, the last acknowledged', async () => {
    const presenter = await cluster.connect('presenter', { clientId: 'presenter-0001' });
    expect(await presenter.call('poll:open', { pollId: 'q2' })).toMatchObject({ ok: true });
    presenter.close();

    const phone = 'replaying-phone-redis';
    const run = await runReplays({
      urls: [...cluster.urls],
      deck: cluster.deck,
      clientId: phone,
      pollId: 'q2',
      choices: 4,
    });
    expect(run.votes).toBe(50);

    await cluster.addNode();
    const counts = [0, 0, 0, 0];
    counts[run.lastAcked] = 1;
    expect((await cluster.snapshot(2)).polls[1]!.tally).toEqual({ counts, voters: 1 });
    const back = await cluster.connect('audience', { clientId: phone, node: 2 });
    expect(back.snapshot.polls[1]!.yourChoice).toBe(run.lastAcked);
    recordFigure(replayFigure('Redis, 2 nodes', [run], 1, 'sessions alternating nodes, read back by a third node'));
  });
});
