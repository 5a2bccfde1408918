import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/protocol.ts';
import { type Lectern, startLectern } from '../helpers/lectern.ts';

let server: Lectern;
afterEach(async () => {
  await server?.close();
});

describe('sync', () => {
  it('gives every client a snapshot on connect, the audience without answer keys', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const phone = await server.connect('audience');

    expect(presenter.snapshot).toMatchObject({ deck: server.deck, role: 'presenter', slide: { h: 0, v: 0, f: -1 } });
    expect(presenter.snapshot.polls.map((p) => [p.id, p.answer, p.tally?.voters])).toEqual([
      ['q1', 1, 0],
      ['q2', 3, 0],
    ]);
    expect(phone.snapshot.role).toBe('audience');
    for (const poll of phone.snapshot.polls) {
      expect(poll).not.toHaveProperty('answer');
      expect(poll).not.toHaveProperty('explanation');
      expect(poll).not.toHaveProperty('tally');
      expect(poll.phase).toBe('closed');
    }
    expect(JSON.stringify(phone.snapshot)).not.toContain('Only the API server');
    expect(phone.snapshot.rating).toMatchObject({ scale: 5, yourScore: null, summary: { count: 0, average: null } });
  });

  it('sends a slide move to every phone and other presenter windows, not back to the sender', async () => {
    server = await startLectern();
    const speaker = await server.connect('presenter');
    const projector = await server.connect('presenter');
    const phones = await Promise.all([1, 2, 3].map(() => server.connect('audience')));

    const arrivals = [projector, ...phones].map((c) => c.waitFor('slide', (d) => d.seq === 1));
    const ack = await speaker.call('slide:set', { h: 1, v: 0, f: 0 });
    expect(ack).toEqual({ ok: true, seq: 1 });
    for (const delta of await Promise.all(arrivals)) expect(delta).toEqual({ seq: 1, h: 1, v: 0, f: 0 });

    await speaker.call('slide:set', { h: 1, v: 1, f: -1 });
    await phones[0]!.waitFor('slide', (d) => d.seq === 2);
    expect(speaker.received.filter((r) => r.event === 'slide')).toEqual([]);
  });

  it('serves a phone that starts on long-polling and upgrades, as the phone page does', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    await presenter.call('poll:open', { pollId: 'q1' });
    const phone = await server.connect('audience', { transports: ['polling', 'websocket'] });
    expect(phone.snapshot.polls[0]!.phase).toBe('open');
    expect(await phone.call('vote', { pollId: 'q1', choice: 1 })).toMatchObject({ ok: true });
    await presenter.call('slide:set', { h: 2, v: 0, f: -1 });
    expect(await phone.waitFor('slide', (d) => d.seq === 2)).toEqual({ seq: 2, h: 2, v: 0, f: -1 });
    const pollingOnly = await server.connect('audience', { transports: ['polling'] });
    await presenter.call('slide:set', { h: 3, v: 0, f: -1 });
    expect(await pollingOnly.waitFor('slide', (d) => d.seq === 3)).toEqual({ seq: 3, h: 3, v: 0, f: -1 });
  });

  it('gives a late joiner the current slide, polls and its own ballot', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    await presenter.call('slide:set', { h: 2, v: 0, f: -1 });
    await presenter.call('poll:open', { pollId: 'q1' });
    const early = await server.connect('audience');
    await early.call('vote', { pollId: 'q1', choice: 2 });
    await early.call('rate', { score: 4 });
    early.close();

    const late = await server.connect('audience', { clientId: early.clientId });
    const q1 = late.snapshot.polls.find((p) => p.id === 'q1')!;
    expect(late.snapshot.slide).toEqual({ h: 2, v: 0, f: -1 });
    expect(late.snapshot.seq).toBe(2);
    expect(q1).toMatchObject({ phase: 'open', yourChoice: 2 });
    expect(late.snapshot.rating).toMatchObject({ yourScore: 4, summary: { count: 1, average: 4 } });

    const stranger = await server.connect('audience');
    expect(stranger.snapshot.polls[0]!.yourChoice).toBeNull();
    expect(stranger.snapshot.rating!.yourScore).toBeNull();
  });

  it('resyncs a client that reconnects after missing changes', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const phone = await server.connect('audience');
    phone.close();

    await presenter.call('slide:set', { h: 3, v: 0, f: -1 });
    await presenter.call('poll:open', { pollId: 'q2' });
    await presenter.call('poll:reveal', { pollId: 'q1' });

    const again = await server.connect('audience', { clientId: phone.clientId });
    expect(again.snapshot.seq).toBe(3);
    expect(again.snapshot.slide).toEqual({ h: 3, v: 0, f: -1 });
    expect(again.snapshot.polls.map((p) => p.phase)).toEqual(['revealed', 'open']);
    expect(again.snapshot.polls[0]).toMatchObject({ answer: 1, tally: { counts: [0, 0, 0], voters: 0 } });
  });

  it('resyncs after a server restart on the same SQLite file', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const phone = await server.connect('audience');
    await presenter.call('slide:set', { h: 2, v: 0, f: -1 });
    await presenter.call('poll:open', { pollId: 'q1' });
    await phone.call('vote', { pollId: 'q1', choice: 0 });
    await server.restart(0);

    const back = await server.connect('audience', { clientId: phone.clientId });
    expect(back.snapshot).toMatchObject({ seq: 2, slide: { h: 2, v: 0, f: -1 } });
    expect(back.snapshot.polls[0]).toMatchObject({ phase: 'open', yourChoice: 0 });
    const next = await server.connect('presenter');
    await next.call('slide:set', { h: 3, v: 0, f: -1 });
    expect(await back.waitFor('slide', (d) => d.seq === 3)).toEqual({ seq: 3, h: 3, v: 0, f: -1 });
  });

  it('numbers every slide and poll change, each larger than the last', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const phone = await server.connect('audience');
    await presenter.call('slide:set', { h: 1, v: 0, f: -1 });
    await presenter.call('poll:open', { pollId: 'q1' });
    await presenter.call('slide:set', { h: 1, v: 0, f: 0 });
    await presenter.call('poll:close', { pollId: 'q1' });
    await phone.waitFor('poll', (d) => d.poll.phase === 'closed');
    const seqs = phone.received
      .filter((r) => r.event === 'slide' || r.event === 'poll')
      .map((r) => (r.payload as { seq: number }).seq);
    expect(seqs).toEqual([1, 2, 3, 4]);
  });

  it('coalesces counters: a burst of votes yields a few stats messages, the last one exact', async () => {
    server = await startLectern({ statsIntervalMs: 1000 });
    const presenter = await server.connect('presenter');
    await presenter.call('poll:open', { pollId: 'q1' });
    const phones = await Promise.all(Array.from({ length: 30 }, () => server.connect('audience')));
    const statsBefore = presenter.received.filter((r) => r.event === 'stats').length;

    await Promise.all(phones.map((p, i) => p.call('vote', { pollId: 'q1', choice: i % 3 })));
    expect((await presenter.waitFor('stats', (s) => s.tallies.q1?.voters === 30)).tallies.q1).toEqual({
      counts: [10, 10, 10],
      voters: 30,
    });
    const statsDuring = presenter.received.filter((r) => r.event === 'stats').length - statsBefore;
    expect(statsDuring).toBeLessThanOrEqual(5);
    // Hidden tallies: the phones got no tallies at all.
    for (const phone of phones) {
      for (const r of phone.received)
        if (r.event === 'stats') expect((r.payload as { tallies: object }).tallies).toEqual({});
    }
  });

  it('counts phones once per client id and tells everyone', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const a = await server.connect('audience');
    await server.connect('audience', { clientId: a.clientId });
    await server.connect('audience');
    await presenter.waitFor('stats', (s) => s.audience === 2);
    const snapshot: Snapshot = (await presenter.call('snapshot:get', {})) as never;
    expect(snapshot).toMatchObject({ ok: true, snapshot: { audience: 2 } });
  });

  it('gives joining phones the talk as it is now, their own ballots included, the count apart the same for all', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const a = await server.connect('audience');
    const b = await server.connect('audience');
    expect(b.snapshot).toEqual({ ...a.snapshot, audience: 2 });

    await presenter.call('slide:set', { h: 2, v: 0, f: -1 });
    await presenter.call('poll:open', { pollId: 'q1' });
    const c = await server.connect('audience');
    expect(c.snapshot).toMatchObject({ seq: 2, slide: { h: 2, v: 0, f: -1 }, audience: 3 });
    expect(c.snapshot.polls[0]).toMatchObject({ id: 'q1', phase: 'open', yourChoice: null });

    await c.call('vote', { pollId: 'q1', choice: 1 });
    await presenter.call('poll:show-results', { pollId: 'q1', show: true });
    c.close();
    const back = await server.connect('audience', { clientId: c.clientId });
    expect(back.snapshot.polls[0]).toMatchObject({ yourChoice: 1, tally: { counts: [0, 1, 0], voters: 1 } });
    const fresh = await server.connect('audience');
    expect(fresh.snapshot.polls[0]).toMatchObject({ yourChoice: null, tally: { counts: [0, 1, 0], voters: 1 } });
    expect(fresh.snapshot.audience).toBe(4);
  });

  it('gives a phone that comes back with a ballot, a rating, a question, an upvote or a "lost me" its own snapshot', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    await presenter.call('poll:open', { pollId: 'q1' });
    await presenter.call('poll:open', { pollId: 'q2' });
    const [twoBallots, rater, asker, upvoter, lost] = await Promise.all(
      [1, 2, 3, 4, 5].map(() => server.connect('audience')),
    );
    if (!twoBallots || !rater || !asker || !upvoter || !lost) throw new Error('phones did not connect');
    await twoBallots.call('vote', { pollId: 'q1', choice: 1 });
    await twoBallots.call('vote', { pollId: 'q2', choice: 3 });
    // Resetting q1 takes one of its two ballots away, not its other one.
    await presenter.call('poll:reset', { pollId: 'q1' });
    await rater.call('rate', { score: 4 });
    const asked = await asker.call('question:ask', { text: 'How many etcd members?' });
    if (!asked.ok) throw new Error(asked.error);
    await upvoter.call('question:upvote', { questionId: asked.question.id, up: true });
    await lost.call('lost:set', { h: 0, v: 0, lost: true });

    /** Rejoins after a stranger, so the shared encoding is fresh and would be what it got by mistake. */
    const comesBack = async (phone: typeof lost) => {
      phone.close();
      await server.connect('audience');
      return (await server.connect('audience', { clientId: phone.clientId })).snapshot;
    };
    expect((await comesBack(twoBallots)).polls.map((p) => p.yourChoice)).toEqual([null, 3]);
    expect((await comesBack(rater)).rating?.yourScore).toBe(4);
    expect((await comesBack(asker)).room.yourQuestions.map((q) => q.text)).toEqual(['How many etcd members?']);
    expect((await comesBack(upvoter)).room.yourUpvotes).toEqual([asked.question.id]);
    expect((await comesBack(lost)).room.yourLost).toEqual([{ h: 0, v: 0 }]);
  });

  it('gives a phone joining after any change phones can see that change, not an earlier shared snapshot', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const [voter, other, asker] = await Promise.all([1, 2, 3].map(() => server.connect('audience')));
    if (!voter || !other || !asker) throw new Error('phones did not connect');
    let questionId = '';
    /** Each change, then what a phone joining after it must see. */
    const changes: [string, () => Promise<unknown>, (s: Snapshot) => unknown][] = [
      ['the slide moved', () => presenter.call('slide:set', { h: 2, v: 0, f: -1 }), (s) => s.slide.h === 2],
      ['q1 opened', () => presenter.call('poll:open', { pollId: 'q1' }), (s) => s.polls[0]!.phase === 'open'],
      [
        'bars shown',
        () =>
          voter
            .call('vote', { pollId: 'q1', choice: 1 })
            .then(() => presenter.call('poll:show-results', { pollId: 'q1', show: true })),
        (s) => s.polls[0]!.tally?.voters === 1,
      ],
      [
        'a ballot counted while shown',
        () => other.call('vote', { pollId: 'q1', choice: 2 }),
        (s) => s.polls[0]!.tally?.voters === 2,
      ],
      ['a rating', () => voter.call('rate', { score: 4 }), (s) => s.rating?.summary.count === 1],
      ['q1 revealed', () => presenter.call('poll:reveal', { pollId: 'q1' }), (s) => s.polls[0]!.answer === 1],
      [
        'a question asked',
        async () => {
          const asked = await asker.call('question:ask', { text: 'Why an odd number of etcd members?' });
          if (asked.ok) questionId = asked.question.id;
        },
        (s) => s.room.board.total === 1,
      ],
      [
        'a question upvoted',
        () => other.call('question:upvote', { questionId, up: true }),
        (s) => s.room.board.questions[0]?.votes === 1,
      ],
      [
        'a question answered',
        () => presenter.call('question:set', { questionId, state: 'answered' }),
        (s) => s.room.board.questions[0]?.state === 'answered',
      ],
      ['reactions off', () => presenter.call('reactions:set', { on: false }), (s) => s.room.reactions === false],
      ['q1 reset', () => presenter.call('poll:reset', { pollId: 'q1' }), (s) => s.polls[0]!.round === 1],
      [
        'a new run',
        () => presenter.call('run:new', { name: 'the talk', rehearsal: false }),
        (s) => s.run?.name === 'the talk',
      ],
    ];
    // Each phone joins with nothing of its own, so it gets the shared encoding: the one the previous
    // joiner's snapshot was encoded into, unless the change moved it on.
    const joinsSeeing = async (change: string) => {
      const phone = await server.connect('audience');
      const now = await phone.call('snapshot:get', {});
      if (!now.ok) throw new Error(now.error);
      expect(phone.snapshot, `a phone joining after: ${change}`).toEqual(now.snapshot);
      return phone.snapshot;
    };
    await joinsSeeing('nothing yet');
    for (const [change, make, seen] of changes) {
      await make();
      expect(seen(await joinsSeeing(change)), `a phone joining sees: ${change}`).toBe(true);
    }
  });

  it('tells the phones nothing while a crowd joins: the count goes to the speaker, phones hear tallies they may see', async () => {
    server = await startLectern({ statsIntervalMs: 20, audienceStatsIntervalMs: 20 });
    const presenter = await server.connect('presenter');
    const first = await server.connect('audience');
    for (let i = 0; i < 5; i++) {
      await server.connect('audience');
      // Each arrival is its own change, past the coalescing interval.
      await presenter.waitFor('stats', (s) => s.audience === i + 2);
    }
    // The sentinel: results shown to the room go to the phones as the next stats message.
    await presenter.call('poll:show-results', { pollId: 'q1', show: true });
    const shown = await first.waitFor('stats', (s) => s.tallies.q1 !== undefined);
    expect(shown).toMatchObject({ audience: 6, tallies: { q1: { voters: 0 } } });
    expect(first.received.filter((r) => r.event === 'stats')).toHaveLength(1);
  });
});
