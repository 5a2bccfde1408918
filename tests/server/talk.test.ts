import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyStoredTalk, INITIAL_POLL } from '../../server/talk/records.ts';
import { type PollAction, Talk } from '../../server/talk/talk.ts';
import { FIXTURE_MANIFEST } from './fixtureDist.ts';

/** Drives a talk the way the handlers do, with the talk's own answers standing in for the store's. */
function vote(talk: Talk, pollId: string, clientId: string, choice: number) {
  const refused = talk.checkVote(pollId, choice);
  if (refused) return refused;
  talk.applyBallot(pollId, clientId, choice, talk.ballotOf(pollId, clientId));
  return 'ok';
}

let seq = 0;
function act(talk: Talk, pollId: string, action: PollAction) {
  const plan = talk.planPoll(pollId, action);
  if (plan.ok && plan.changed) talk.applyPoll(pollId, ++seq, plan.next, plan.clearBallots);
  return plan;
}

describe('Talk', () => {
  it('walks a poll closed → open → closed → revealed, and reset from anywhere', () => {
    const talk = new Talk(FIXTURE_MANIFEST);
    expect(talk.record('q1')).toEqual(INITIAL_POLL);
    expect(act(talk, 'q1', { kind: 'close' })).toEqual({ ok: true, changed: false });
    expect(act(talk, 'q1', { kind: 'open' })).toMatchObject({ changed: true, next: { phase: 'open' } });
    expect(act(talk, 'q1', { kind: 'close' })).toMatchObject({ changed: true, next: { phase: 'closed' } });
    expect(act(talk, 'q1', { kind: 'reveal' })).toMatchObject({ changed: true, next: { phase: 'revealed' } });
    expect(act(talk, 'q1', { kind: 'open' })).toEqual({ ok: false, error: 'wrong-state' });
    expect(act(talk, 'q1', { kind: 'reset' })).toMatchObject({
      next: { phase: 'closed', round: 1 },
      clearBallots: true,
    });
    expect(act(talk, 'q1', { kind: 'open' })).toMatchObject({ ok: true, changed: true });
    expect(act(talk, 'q1', { kind: 'reveal' })).toMatchObject({ next: { phase: 'revealed' } });
    expect(act(talk, 'nope', { kind: 'open' })).toEqual({ ok: false, error: 'unknown-poll' });
  });

  it('keeps tallies equal to a recount of the ballots, and who has one, whatever happens (property)', () => {
    const command = fc.oneof(
      fc.record({
        type: fc.constant('vote' as const),
        poll: fc.constantFrom('q1', 'q2'),
        client: fc.integer({ min: 0, max: 7 }),
        choice: fc.integer({ min: -1, max: 4 }),
      }),
      fc.record({
        type: fc.constant('poll' as const),
        poll: fc.constantFrom('q1', 'q2'),
        action: fc.constantFrom<PollAction>(
          { kind: 'open' },
          { kind: 'close' },
          { kind: 'reveal' },
          { kind: 'reset' },
          { kind: 'show-results', show: true },
        ),
      }),
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 80 }), (commands) => {
        const talk = new Talk(FIXTURE_MANIFEST);
        const ballots = new Map<string, Map<string, number>>([
          ['q1', new Map()],
          ['q2', new Map()],
        ]);
        for (const c of commands) {
          if (c.type === 'vote') {
            const open = talk.record(c.poll).phase === 'open';
            const inRange = c.choice >= 0 && c.choice < (c.poll === 'q1' ? 3 : 4);
            const result = vote(talk, c.poll, `c${c.client}`, c.choice);
            expect(result).toBe(!inRange ? 'out-of-range' : open ? 'ok' : 'poll-closed');
            if (result === 'ok') ballots.get(c.poll)!.set(`c${c.client}`, c.choice);
          } else {
            const plan = act(talk, c.poll, c.action);
            if (plan.ok && plan.changed && plan.clearBallots) ballots.get(c.poll)!.clear();
          }
        }
        for (const [poll, byClient] of ballots) {
          const counts = new Array<number>(poll === 'q1' ? 3 : 4).fill(0);
          for (const choice of byClient.values()) counts[choice]! += 1;
          expect(talk.tally(poll)).toEqual({ counts, voters: byClient.size });
          const audienceView = talk.pollState(poll, 'audience');
          expect('answer' in audienceView).toBe(talk.record(poll).phase === 'revealed');
        }
        // A phone with a ballot left in any poll gets its own snapshot at its join; one without, the shared one.
        for (let client = 0; client <= 7; client++) {
          const hasBallot = [...ballots.values()].some((byClient) => byClient.has(`c${client}`));
          expect(talk.hasOwnState(`c${client}`)).toBe(hasBallot);
        }
      }),
    );
  });

  it('summarises ratings with changes counted once', () => {
    const talk = new Talk(FIXTURE_MANIFEST);
    expect(talk.checkRating(0)).toBe('out-of-range');
    expect(talk.checkRating(6)).toBe('out-of-range');
    talk.applyRating('a', 5, null);
    talk.applyRating('b', 1, null);
    talk.applyRating('b', 2, 1);
    expect(talk.ratingSummary()).toEqual({ count: 2, average: 3.5, histogram: [0, 1, 0, 0, 1] });
    expect(talk.scoreOf('b')).toBe(2);
  });

  it('has no rating without a rating poll', () => {
    const talk = new Talk({ ...FIXTURE_MANIFEST, polls: FIXTURE_MANIFEST.polls.filter((p) => p.kind === 'quiz') });
    expect(talk.checkRating(3)).toBe('unknown-poll');
    expect(talk.snapshot('audience', 'c').rating).toBeNull();
    expect(talk.stats('audience').rating).toBeNull();
  });

  it('drops a stale slide change', () => {
    const talk = new Talk(FIXTURE_MANIFEST);
    expect(talk.applySlide(2, { h: 2, v: 0, f: -1 })).toBe(true);
    expect(talk.applySlide(1, { h: 1, v: 0, f: -1 })).toBe(false);
    expect(talk.slide).toEqual({ h: 2, v: 0, f: -1 });
  });

  it('restores from a store, leaving out what the manifest no longer has', () => {
    const talk = new Talk(FIXTURE_MANIFEST, {
      seq: 7,
      slide: { h: 3, v: 0, f: -1 },
      polls: {
        q1: { phase: 'revealed', showResults: true, round: 2 },
        gone: { phase: 'open', showResults: false, round: 0 },
      },
      ballots: [
        { pollId: 'q1', clientId: 'a', choice: 1 },
        { pollId: 'q1', clientId: 'b', choice: 9 },
        { pollId: 'gone', clientId: 'a', choice: 0 },
      ],
      ratings: [
        { clientId: 'a', score: 4 },
        { clientId: 'b', score: 9 },
      ],
    });
    expect(talk.seq).toBe(7);
    expect(talk.tally('q1')).toEqual({ counts: [0, 1, 0], voters: 1 });
    expect(talk.snapshot('audience', 'a').polls[0]).toMatchObject({
      phase: 'revealed',
      round: 2,
      yourChoice: 1,
      correct: true,
      answer: 1,
    });
    expect(talk.ratingSummary()).toEqual({ count: 1, average: 4, histogram: [0, 0, 0, 1, 0] });
  });

  it('knows which phones have state of their own: from the store, after a reset, in a new run', () => {
    const stored = { ...emptyStoredTalk(3), ballots: [{ pollId: 'q1', clientId: 'a', choice: 1 }] };
    const talk = new Talk(FIXTURE_MANIFEST, stored);
    expect(talk.hasOwnState('a')).toBe(true);
    expect(talk.hasOwnState('b')).toBe(false);
    act(talk, 'q2', { kind: 'open' });
    vote(talk, 'q2', 'a', 0);
    act(talk, 'q1', { kind: 'reset' });
    expect(talk.hasOwnState('a')).toBe(true);
    act(talk, 'q2', { kind: 'reset' });
    expect(talk.hasOwnState('a')).toBe(false);
    talk.applyRating('a', 3, null);
    expect(talk.hasOwnState('a')).toBe(true);

    const run = { id: 2, name: 'again', rehearsal: false, startedAt: 0, endedAt: null };
    const voted = new Talk(FIXTURE_MANIFEST, stored);
    expect(voted.nextRun(emptyStoredTalk(0), run).hasOwnState('a')).toBe(false);
    const resumed = talk.nextRun(stored, run);
    expect(resumed.hasOwnState('a')).toBe(true);
  });

  it('counts a phone with two tabs once', () => {
    const talk = new Talk(FIXTURE_MANIFEST);
    expect(talk.join('a')).toBe(true);
    expect(talk.join('a')).toBe(false);
    expect(talk.join('b')).toBe(true);
    expect(talk.audience).toBe(2);
    expect(talk.leave('a')).toBe(false);
    expect(talk.leave('a')).toBe(true);
    expect(talk.leave('a')).toBe(false);
    expect(talk.audience).toBe(1);
  });
});
