import { afterEach, describe, expect, it } from 'vitest';
import { type Lectern, startLectern } from '../helpers/lectern.ts';

let server: Lectern;
afterEach(async () => {
  await server?.close();
});

describe('ballots', () => {
  it('keeps one ballot per client id, changeable while open', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    await presenter.call('poll:open', { pollId: 'q1' });
    const phone = await server.connect('audience');
    const sameIdOtherTab = await server.connect('audience', { clientId: phone.clientId });
    const other = await server.connect('audience');

    expect(await phone.call('vote', { pollId: 'q1', choice: 0 })).toEqual({ ok: true, pollId: 'q1', choice: 0 });
    expect(await sameIdOtherTab.call('vote', { pollId: 'q1', choice: 2 })).toEqual({
      ok: true,
      pollId: 'q1',
      choice: 2,
    });
    await phone.call('vote', { pollId: 'q1', choice: 1 });
    await other.call('vote', { pollId: 'q1', choice: 1 });

    const results = await presenter.call('results:get', {});
    if (!results.ok) throw new Error(results.error);
    expect(results.results.questions[0]).toMatchObject({ voters: 2, right: 2, percentRight: 100 });
    expect(results.results.questions[0]!.choices.map((c) => c.count)).toEqual([0, 2, 0]);
    const again = await server.connect('audience', { clientId: phone.clientId });
    expect(again.snapshot.polls[0]!.yourChoice).toBe(1);
  });

  it('refuses ballots before opening and after closing, and keeps the earlier one', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const phone = await server.connect('audience');
    expect(await phone.call('vote', { pollId: 'q1', choice: 0 })).toEqual({ ok: false, error: 'poll-closed' });
    await presenter.call('poll:open', { pollId: 'q1' });
    await phone.call('vote', { pollId: 'q1', choice: 0 });
    expect(await presenter.call('poll:close', { pollId: 'q1' })).toMatchObject({ ok: true, poll: { phase: 'closed' } });
    expect(await phone.call('vote', { pollId: 'q1', choice: 2 })).toEqual({ ok: false, error: 'poll-closed' });
    await presenter.call('poll:reveal', { pollId: 'q1' });
    expect(await phone.call('vote', { pollId: 'q1', choice: 1 })).toEqual({ ok: false, error: 'poll-closed' });
    const snapshot = await phone.call('snapshot:get', {});
    expect(snapshot.ok && snapshot.snapshot.polls[0]).toMatchObject({ yourChoice: 0, tally: { counts: [1, 0, 0] } });
  });

  it('on the reveal, every phone learns the answer and whether its own ballot was right', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    await presenter.call('poll:open', { pollId: 'q1' });
    const right = await server.connect('audience');
    const wrong = await server.connect('audience');
    const silent = await server.connect('audience');
    await right.call('vote', { pollId: 'q1', choice: 1 });
    await wrong.call('vote', { pollId: 'q1', choice: 2 });

    // Before the reveal no audience message carries the key.
    await presenter.call('poll:close', { pollId: 'q1' });
    await right.waitFor('poll', (d) => d.poll.phase === 'closed');
    expect(JSON.stringify(right.received)).not.toContain('"answer"');

    const ack = await presenter.call('poll:reveal', { pollId: 'q1' });
    expect(ack).toMatchObject({ ok: true, poll: { phase: 'revealed', answer: 1 } });
    for (const phone of [right, wrong, silent]) {
      const delta = await phone.waitFor('poll', (d) => d.poll.phase === 'revealed');
      expect(delta.poll).toMatchObject({
        id: 'q1',
        answer: 1,
        explanation: 'Only the API server reads and writes etcd.',
      });
    }
    const views = await Promise.all(
      [right, wrong, silent].map(async (p) => {
        const reply = await p.call('snapshot:get', {});
        return reply.ok ? reply.snapshot.polls[0] : undefined;
      }),
    );
    expect(views.map((v) => [v?.yourChoice, v?.correct])).toEqual([
      [1, true],
      [2, false],
      [null, undefined],
    ]);
    // Revealed: the bars are public.
    expect(views[0]!.tally).toEqual({ counts: [0, 1, 1], voters: 2 });
    await right.waitFor('stats', (s) => s.tallies.q1?.voters === 2);
  });

  it('shows the bars to the audience only when the presenter shows them', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    await presenter.call('poll:open', { pollId: 'q2' });
    const phone = await server.connect('audience');
    await phone.call('vote', { pollId: 'q2', choice: 3 });
    await presenter.waitFor('stats', (s) => s.tallies.q2?.voters === 1);
    // The sentinel: a rating given after the vote; the counters message that carries it is computed
    // after the vote, so a tally the phone must not see would be in it (or came before it).
    await (await server.connect('audience')).call('rate', { score: 4 });
    await phone.waitFor('stats', (s) => s.rating?.count === 1);
    expect(phone.received.some((r) => r.event === 'stats' && 'q2' in (r.payload as { tallies: object }).tallies)).toBe(
      false,
    );

    await presenter.call('poll:show-results', { pollId: 'q2', show: true });
    await phone.waitFor('poll', (d) => d.poll.showResults);
    expect((await phone.waitFor('stats', (s) => 'q2' in s.tallies)).tallies.q2).toEqual({
      counts: [0, 0, 0, 1],
      voters: 1,
    });
    const shown = await server.connect('audience');
    expect(shown.snapshot.polls[1]!.tally).toEqual({ counts: [0, 0, 0, 1], voters: 1 });
    expect(shown.snapshot.polls[1]).not.toHaveProperty('answer');

    await presenter.call('poll:show-results', { pollId: 'q2', show: false });
    const hidden = await server.connect('audience');
    expect(hidden.snapshot.polls[1]).not.toHaveProperty('tally');
  });

  it('reset clears the ballots, starts a new round and closes the poll', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    await presenter.call('poll:open', { pollId: 'q1' });
    const phone = await server.connect('audience');
    await phone.call('vote', { pollId: 'q1', choice: 2 });
    await presenter.call('poll:reveal', { pollId: 'q1' });
    expect(await presenter.call('poll:open', { pollId: 'q1' })).toEqual({ ok: false, error: 'wrong-state' });

    const reset = await presenter.call('poll:reset', { pollId: 'q1' });
    expect(reset).toMatchObject({ ok: true, poll: { phase: 'closed', round: 1, showResults: false } });
    const delta = await phone.waitFor('poll', (d) => d.poll.round === 1);
    expect(delta.poll).not.toHaveProperty('answer');
    const snapshot = await phone.call('snapshot:get', {});
    expect(snapshot.ok && snapshot.snapshot.polls[0]).toMatchObject({ phase: 'closed', yourChoice: null });
    await presenter.call('poll:open', { pollId: 'q1' });
    expect(await phone.call('vote', { pollId: 'q1', choice: 0 })).toMatchObject({ ok: true });
  });

  it('treats repeating the current step as done, without a new sequence number', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const first = await presenter.call('poll:open', { pollId: 'q1' });
    const again = await presenter.call('poll:open', { pollId: 'q1' });
    expect(first).toMatchObject({ ok: true, seq: 1 });
    expect(again).toMatchObject({ ok: true, seq: 1, poll: { phase: 'open' } });
    const slide = await presenter.call('slide:set', { h: 0, v: 0, f: -1 });
    expect(slide).toEqual({ ok: true, seq: 1 });
  });

  it('keeps one rating per client id, changeable, summarised for everyone', async () => {
    server = await startLectern();
    const a = await server.connect('audience');
    const b = await server.connect('audience');
    expect(await a.call('rate', { score: 5 })).toEqual({ ok: true, score: 5 });
    await b.call('rate', { score: 2 });
    await a.call('rate', { score: 4 });
    const stats = await b.waitFor('stats', (s) => s.rating?.count === 2 && s.rating.average === 3);
    expect(stats.rating).toEqual({ count: 2, average: 3, histogram: [0, 1, 0, 1, 0] });
  });
});
