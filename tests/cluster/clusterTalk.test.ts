/**
 * How one node folds in what other nodes did, without any network: relayed changes, counters read
 * from Redis, a connecting phone's own choices, and catching up after a lost relay.
 */
import { describe, expect, it } from 'vitest';
import { ClusterTalk } from '../../server/cluster/clusterTalk.ts';
import type { SharedCounters } from '../../server/store/redis/reads.ts';
import { FIXTURE_MANIFEST } from '../server/fixtureDist.ts';

const open = { phase: 'open', showResults: false, round: 0 } as const;

function counters(overrides: Partial<SharedCounters> = {}): SharedCounters {
  return {
    seq: 0,
    run: 1,
    audience: 0,
    scores: [0, 0, 0, 0, 0],
    tallies: new Map([
      ['q1', { round: 0, counts: [0, 0, 0] }],
      ['q2', { round: 0, counts: [0, 0, 0, 0] }],
    ]),
    ...overrides,
  };
}

describe('ClusterTalk', () => {
  it('shows the counters of every node, read from Redis, in snapshots, stats and results alike', () => {
    const talk = new ClusterTalk(FIXTURE_MANIFEST);
    talk.join('here');
    talk.useShared(
      counters({
        audience: 40,
        scores: [0, 0, 1, 0, 3],
        tallies: new Map([['q1', { round: 0, counts: [5, 7, 1] }]]),
      }),
    );
    expect(talk.localAudience).toBe(1);
    expect(talk.stats('presenter')).toMatchObject({
      audience: 40,
      tallies: { q1: { counts: [5, 7, 1], voters: 13 } },
      rating: { count: 4, average: 4.5, histogram: [0, 0, 1, 0, 3] },
    });
    expect(talk.snapshot('presenter', 'x').polls[0]!.tally).toEqual({ counts: [5, 7, 1], voters: 13 });
  });

  it('ignores counts from before a reset it already applied', () => {
    const talk = new ClusterTalk(FIXTURE_MANIFEST);
    talk.useShared(counters({ tallies: new Map([['q1', { round: 0, counts: [3, 0, 0] }]]) }));
    talk.applyPoll('q1', 1, { phase: 'closed', showResults: false, round: 1 }, true);
    expect(talk.tally('q1')).toEqual({ counts: [0, 0, 0], voters: 0 });
  });

  it('applies relayed changes once and never rolls a poll back to an older one', () => {
    const talk = new ClusterTalk(FIXTURE_MANIFEST);
    expect(talk.followSlide(2, { h: 1, v: 0, f: 0 })).toBe(true);
    expect(talk.followSlide(1, { h: 0, v: 0, f: -1 })).toBe(false);
    expect(talk.followPoll('q1', 3, open)).toBe(true);
    expect(talk.followPoll('q1', 5, { ...open, phase: 'closed' })).toBe(true);
    // The relay of change 4 arrives after that of change 5.
    expect(talk.followPoll('q1', 4, { ...open, phase: 'revealed' })).toBe(false);
    expect(talk.record('q1').phase).toBe('closed');
    expect(talk.followPoll('nope', 6, open)).toBe(false);
    expect(talk.seq).toBe(5);
  });

  it('clears its ballots when a relayed change starts a new round', () => {
    const talk = new ClusterTalk(FIXTURE_MANIFEST);
    talk.followPoll('q1', 1, open);
    talk.applyBallot('q1', 'me', 2, null);
    talk.followPoll('q1', 2, { phase: 'closed', showResults: false, round: 1 });
    expect(talk.ballotOf('q1', 'me')).toBeNull();
    expect(talk.hasOwnState('me')).toBe(false);
  });

  it('gives a phone its own ballots and rating from another node, for the current round only', () => {
    const talk = new ClusterTalk(FIXTURE_MANIFEST);
    talk.followPoll('q2', 1, { ...open, round: 2 });
    talk.useClientView('me', {
      ballots: new Map([
        ['q1', { round: 0, choice: 1 }],
        ['q2', { round: 1, choice: 3 }],
      ]),
      score: 5,
    });
    const snapshot = talk.snapshot('audience', 'me');
    expect(snapshot.polls.map((p) => p.yourChoice)).toEqual([1, null]);
    expect(snapshot.rating?.yourScore).toBe(5);
    // A ballot read from Redis alone is enough for the phone to get its own snapshot at its join.
    talk.useClientView('voter', { ballots: new Map([['q1', { round: 0, choice: 2 }]]), score: null });
    expect(talk.hasOwnState('voter')).toBe(true);
  });

  it('catches up on the stored state when a relay was lost', () => {
    const talk = new ClusterTalk(FIXTURE_MANIFEST);
    talk.followPoll('q1', 1, open);
    talk.applyBallot('q1', 'me', 0, null);
    const stored = {
      seq: 4,
      slide: { h: 3, v: 0, f: -1 },
      polls: { q1: { phase: 'closed', showResults: false, round: 1 } as const },
    };
    expect(talk.catchUp(stored)).toBe(true);
    expect(talk.slide).toEqual({ h: 3, v: 0, f: -1 });
    expect(talk.record('q1')).toEqual({ phase: 'closed', showResults: false, round: 1 });
    expect(talk.ballotOf('q1', 'me')).toBeNull();
    expect(talk.seq).toBe(4);
    expect(talk.catchUp(stored)).toBe(false);
  });

  it('catches up on a lost relay when a later one already arrived', () => {
    const talk = new ClusterTalk(FIXTURE_MANIFEST);
    // q1 opened (change 1) before this node listened; q2 opened (change 2) after.
    talk.followPoll('q2', 2, open);
    expect(talk.seq).toBe(2);
    const stored = { seq: 2, slide: talk.slide, polls: { q1: open, q2: open } };
    expect(talk.catchUp(stored)).toBe(true);
    expect(talk.record('q1').phase).toBe('open');
    expect(talk.checkVote('q1', 0)).toBeNull();
    expect(talk.catchUp(stored)).toBe(false);
  });

  it('catches up on a lost slide change when a later poll change already arrived', () => {
    const talk = new ClusterTalk(FIXTURE_MANIFEST);
    // The speaker moved to slide 3 (change 1) before this node listened, then opened q1 (change 2).
    talk.followPoll('q1', 2, open);
    expect(talk.slide).toEqual({ h: 0, v: 0, f: -1 });
    const stored = { seq: 2, slide: { h: 3, v: 0, f: -1 }, polls: { q1: open } };
    expect(talk.catchUp(stored)).toBe(true);
    expect(talk.slide).toEqual({ h: 3, v: 0, f: -1 });
    expect(talk.seq).toBe(2);
    expect(talk.catchUp(stored)).toBe(false);
  });
});
