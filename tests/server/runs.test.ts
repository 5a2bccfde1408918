/**
 * A talk given many times, over real sockets: "New run" moves every connected page to a clean run
 * without reloading, a restart resumes the current run, and the rehearsal's results stay with it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { Snapshot } from '../../src/protocol.ts';
import { type Lectern, startLectern } from '../helpers/lectern.ts';

let server: Lectern | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** A rehearsal: q1 voted and revealed, q2 open, the talk rated. */
async function rehearse(s: Lectern) {
  const speaker = await s.connect('presenter');
  const phones = [await s.connect('audience'), await s.connect('audience')];
  await speaker.call('slide:set', { h: 2, v: 0, f: -1 });
  await speaker.call('poll:open', { pollId: 'q1' });
  expect(await phones[0]!.call('vote', { pollId: 'q1', choice: 1 })).toMatchObject({ ok: true });
  expect(await phones[1]!.call('vote', { pollId: 'q1', choice: 0 })).toMatchObject({ ok: true });
  await speaker.call('poll:reveal', { pollId: 'q1' });
  await speaker.call('poll:open', { pollId: 'q2' });
  expect(await phones[0]!.call('rate', { score: 5 })).toMatchObject({ ok: true });
  return { speaker, phones };
}

function expectClean(snapshot: Snapshot) {
  for (const poll of snapshot.polls) {
    expect(poll).toMatchObject({ phase: 'closed', showResults: false, yourChoice: null });
    expect(poll.answer).toBeUndefined();
    expect(poll.correct).toBeUndefined();
  }
  expect(snapshot.rating).toMatchObject({ yourScore: null, summary: { count: 0, average: null } });
}

describe('runs', () => {
  it('"New run" moves every connected page to a clean run at the current slide; the rehearsal keeps its results', async () => {
    server = await startLectern();
    const first = (await server.connect('audience')).snapshot.run;
    expect(first).toMatchObject({ id: 1, rehearsal: false });
    const { speaker, phones } = await rehearse(server);
    const moved = phones.map((p) => p.waitFor('snapshot', (s) => s.run?.id === 2));
    const speakerMoved = speaker.waitFor('snapshot', (s) => s.run?.id === 2);

    const ack = await speaker.call('run:new', { name: 'Berlin meetup', rehearsal: false });
    expect(ack).toMatchObject({ ok: true, run: { id: 2, name: 'Berlin meetup', rehearsal: false } });

    for (const snapshot of await Promise.all(moved)) {
      expectClean(snapshot);
      expect(snapshot.slide).toEqual({ h: 2, v: 0, f: -1 });
      expect(snapshot.run).toMatchObject({ id: 2, name: 'Berlin meetup' });
    }
    const forSpeaker = await speakerMoved;
    expect(forSpeaker.polls.map((p) => p.tally?.voters)).toEqual([0, 0]);
    expect(forSpeaker.audience).toBe(3);
    // A phone that still thinks q2 is open is refused: the new run's q2 is closed.
    expect(await phones[0]!.call('vote', { pollId: 'q2', choice: 0 })).toEqual({ ok: false, error: 'poll-closed' });
    const fresh = await server.connect('audience');
    expectClean(fresh.snapshot);
    const results = await speaker.call('results:get', {});
    expect(results.ok && results.results.questions.map((q) => q.voters)).toEqual([0, 0]);

    const reader = openSqliteStore(server.dataFile, { mustExist: true });
    try {
      const runs = await reader.runs(server.deck);
      expect(runs.map((r) => [r.id, r.name, r.endedAt === null])).toEqual([
        [1, first!.name, false],
        [2, 'Berlin meetup', true],
      ]);
      const rehearsal = await reader.load(server.deck, 1);
      expect(rehearsal.ballots).toHaveLength(2);
      expect(rehearsal.ratings).toEqual([{ clientId: phones[0]!.clientId, score: 5 }]);
      expect(rehearsal.polls.q1?.phase).toBe('revealed');
      // The new run's timeline starts at the slide the speaker was on.
      expect((await reader.timeline(server.deck)).slides.map(({ h, v, f }) => [h, v, f])).toEqual([[2, 0, -1]]);
    } finally {
      await reader.close();
    }
  });

  it('names a run by its date and time when the speaker gives no name, and marks a rehearsal', async () => {
    server = await startLectern();
    const speaker = await server.connect('presenter');
    const ack = await speaker.call('run:new', { name: '  ', rehearsal: true });
    expect(ack).toMatchObject({ ok: true, run: { id: 2, rehearsal: true } });
    expect(ack.ok && ack.run.name).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
  });

  it('refuses a run name that is too long or holds control characters, and changes nothing', async () => {
    server = await startLectern();
    const speaker = await server.connect('presenter');
    for (const name of ['x'.repeat(81), 'a\nb', 'bell\u0007']) {
      expect(await speaker.call('run:new', { name, rehearsal: false })).toEqual({
        ok: false,
        error: 'invalid-payload',
      });
    }
    expect(await speaker.call('run:new', { name: 'ok', rehearsal: 'yes' } as never)).toEqual({
      ok: false,
      error: 'invalid-payload',
    });
    expect((await server.connect('audience')).snapshot.run?.id).toBe(1);
  });

  it('resumes the current run after a restart', async () => {
    server = await startLectern();
    const speaker = await server.connect('presenter');
    await speaker.call('run:new', { name: 'the talk', rehearsal: false });
    await speaker.call('poll:open', { pollId: 'q1' });
    const phone = await server.connect('audience');
    await phone.call('vote', { pollId: 'q1', choice: 2 });
    await server.restart(0);
    const back = await server.connect('audience', { clientId: phone.clientId });
    expect(back.snapshot.run).toMatchObject({ id: 2, name: 'the talk' });
    expect(back.snapshot.polls[0]).toMatchObject({ phase: 'open', yourChoice: 2 });
  });
});
