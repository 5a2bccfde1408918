/**
 * Acknowledged means durable: the real `server/main.ts` in a child process, SIGKILLed with votes in
 * flight, restarted on the same SQLite file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Lectern, startLectern } from '../helpers/lectern.ts';

let lectern: Lectern | undefined;
afterEach(async () => {
  await lectern?.close();
  lectern = undefined;
});

describe('durability', () => {
  it('keeps every acknowledged vote, the slide and the poll states through a SIGKILL', async () => {
    const server = await startLectern({ in: 'child' });
    lectern = server;

    const p = (await server.connect('presenter')).socket;
    await p.emitWithAck('slide:set', { h: 3, v: 0, f: -1 });
    await p.emitWithAck('poll:open', { pollId: 'q2' });
    await p.emitWithAck('poll:open', { pollId: 'q1' });
    await p.emitWithAck('poll:show-results', { pollId: 'q1', show: true });

    // N voters, every vote acknowledged; a fifth of them change their mind, also acknowledged.
    const N = 60;
    const voters = await Promise.all(Array.from({ length: N }, () => server.connect('audience')));
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
    const late = await Promise.all(Array.from({ length: 40 }, () => server.connect('audience')));
    const lateAcked = new Map<string, number>();
    const killed = new Promise<void>((resolve) => {
      late.forEach((v, i) => {
        v.socket.emit('vote', { pollId: 'q2', choice: i % 4 }, (reply) => {
          if (!reply.ok) return;
          lateAcked.set(v.clientId, reply.choice);
          // The SIGKILL goes out at once, in this callback; the promise is for the process to be gone.
          if (lateAcked.size === 10) resolve(server.kill(0));
        });
      });
    });
    await killed;
    const ackedBeforeKill = new Map(lateAcked);

    await server.restart(0);
    const snapshot = await server.snapshot();
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
    const views = await Promise.all(sample.map(([clientId]) => server.connect('audience', { clientId })));
    expect(views.map((v) => v.snapshot.polls[1]!.yourChoice)).toEqual(sample.map(([, choice]) => choice));
  });
});
