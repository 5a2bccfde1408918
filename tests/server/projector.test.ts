/**
 * The projected deck connects as `projector`: it holds the token and drives the slides, but a screen
 * the whole room reads must never hold an answer key before the reveal, nor tallies before the bars are
 * shown. Real server, real socket.io clients; every event the projector's socket received is checked,
 * up to the reveal's own poll delta (a sentinel: one socket's events arrive in order).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientEventName, PollDelta } from '../../src/protocol.ts';
import { type Lectern, newClientId, startLectern } from '../helpers/lectern.ts';

let server: Lectern;
afterEach(async () => {
  await server?.close();
});

const ANSWER_KEY = /"answer"|"explanation"|Only the API server/;

describe('the projector', () => {
  it('receives no answer key before the reveal, and no tallies before the bars are shown', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const projector = await server.connect('projector', { token: server.token });
    expect(projector.snapshot.role).toBe('projector');

    await presenter.call('poll:open', { pollId: 'q1' });
    const phones = await Promise.all([1, 2, 3].map(() => server.connect('audience')));
    for (const [i, phone] of phones.entries()) {
      expect(await phone.call('vote', { pollId: 'q1', choice: i === 0 ? 0 : 1 })).toMatchObject({ ok: true });
    }
    // The speaker view sees the tallies at once (stats carry them), and the answer all along.
    await presenter.waitFor('stats', (stats) => stats.tallies.q1?.voters === 3);
    expect(JSON.stringify(presenter.received)).toMatch(ANSWER_KEY);
    await presenter.call('poll:close', { pollId: 'q1' });
    // A fresh snapshot in the middle, as after a reconnect: no key in it either.
    const mid = await projector.call('snapshot:get', {});
    expect(mid.ok && JSON.stringify(mid.snapshot)).not.toMatch(ANSWER_KEY);

    await presenter.call('poll:show-results', { pollId: 'q1', show: true });
    const shown = await projector.waitFor('stats', (stats) => stats.tallies.q1?.voters === 3);
    expect(shown.tallies.q1!.counts).toEqual([1, 2, 0]);

    await presenter.call('poll:reveal', { pollId: 'q1' });
    const reveal = (delta: PollDelta) => delta.poll.id === 'q1' && delta.poll.phase === 'revealed';
    const revealed = await projector.waitFor('poll', reveal);
    expect(revealed.poll).toMatchObject({ answer: 1, explanation: 'Only the API server reads and writes etcd.' });

    const revealAt = projector.received.findIndex((r) => r.event === 'poll' && reveal(r.payload as PollDelta));
    const before = [{ event: 'snapshot', payload: projector.snapshot }, ...projector.received.slice(0, revealAt)];
    expect(before.length).toBeGreaterThan(3);
    for (const { event, payload } of before) expect(JSON.stringify(payload), event).not.toMatch(ANSWER_KEY);
    // Tallies reached it only once the bars were shown.
    const firstTally = projector.received.findIndex(
      (r) => r.event === 'stats' && Object.keys((r.payload as { tallies: object }).tallies).length > 0,
    );
    const showAt = projector.received.findIndex((r) => r.event === 'poll' && (r.payload as PollDelta).poll.showResults);
    expect(showAt).toBeGreaterThanOrEqual(0);
    expect(firstTally).toBeGreaterThan(showAt);
    expect(projector.snapshot.polls.every((poll) => poll.tally === undefined)).toBe(true);
  });

  it('moves the slides for everyone, and may do nothing else a presenter does', async () => {
    server = await startLectern();
    const projector = await server.connect('projector', { token: server.token });
    const phone = await server.connect('audience');
    expect(await projector.call('slide:set', { h: 2, v: 0, f: -1 })).toEqual({ ok: true, seq: 1 });
    expect(await phone.waitFor('slide', (delta) => delta.seq === 1)).toMatchObject({ h: 2, v: 0 });

    const refused: [ClientEventName, unknown][] = [
      ['poll:open', { pollId: 'q1' }],
      ['poll:reveal', { pollId: 'q1' }],
      ['poll:show-results', { pollId: 'q1', show: true }],
      ['poll:reset', { pollId: 'q1' }],
      ['results:get', {}],
      ['vote', { pollId: 'q1', choice: 1 }],
      ['rate', { score: 5 }],
    ];
    for (const [event, payload] of refused) {
      expect(await projector.call(event, payload as never), event).toEqual({ ok: false, error: 'forbidden' });
    }
    const after = await projector.call('snapshot:get', {});
    expect(after.ok && after.snapshot.polls.map((poll) => poll.phase)).toEqual(['closed', 'closed']);
  });

  it('needs the presenter token', async () => {
    server = await startLectern();
    const auth = { deck: server.deck, role: 'projector', clientId: newClientId() };
    expect(await server.refused(auth)).toBe('bad-token');
    expect(await server.refused({ ...auth, token: 'wrong' })).toBe('bad-token');
  });
});
