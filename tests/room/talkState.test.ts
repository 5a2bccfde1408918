import { describe, expect, it } from 'vitest';
import type { QuizPollView, Snapshot } from '../../src/protocol.ts';
import { type TalkChange, TalkState } from '../../src/shared/talkState.ts';

const poll = (over: Partial<QuizPollView> = {}): QuizPollView => ({
  id: 'q1',
  kind: 'quiz',
  phase: 'closed',
  showResults: false,
  round: 0,
  slide: { h: 9, v: 0 },
  prompt: 'Which?',
  choices: ['a', 'b', 'c'],
  yourChoice: null,
  ...over,
});

const snapshot = (over: Partial<Snapshot> = {}): Snapshot => ({
  deck: 'd',
  title: 'D',
  role: 'audience',
  run: { id: 1, name: 'Berlin meetup', rehearsal: false, startedAt: '2026-11-30T19:00:00.000Z' },
  seq: 5,
  slide: { h: 0, v: 0, f: -1 },
  polls: [poll()],
  rating: {
    slide: { h: 10, v: 0 },
    prompt: 'Rate',
    scale: 5,
    yourScore: null,
    summary: { count: 0, average: null, histogram: [0, 0, 0, 0, 0] },
  },
  audience: 1,
  room: {
    questions: 'open',
    reactions: true,
    board: { questions: [], total: 0 },
    yourQuestions: [],
    yourUpvotes: [],
    yourLost: [],
  },
  ...over,
});

function tracked(): { state: TalkState; changes: TalkChange[] } {
  const state = new TalkState();
  const changes: TalkChange[] = [];
  state.subscribe((change) => changes.push(change));
  return { state, changes };
}

describe('TalkState', () => {
  it('ignores deltas until the first snapshot', () => {
    const { state, changes } = tracked();
    expect(state.applySlide({ seq: 1, h: 1, v: 0, f: -1 })).toBe('early');
    expect(state.ready).toBe(false);
    expect(changes).toEqual([]);
  });

  it('applies newer deltas, drops stale ones and reports a gap', () => {
    const { state } = tracked();
    state.applySnapshot(snapshot());
    expect(state.applySlide({ seq: 6, h: 1, v: 0, f: -1 })).toBe('applied');
    expect(state.applySlide({ seq: 6, h: 2, v: 0, f: -1 })).toBe('stale');
    expect(state.applySlide({ seq: 4, h: 3, v: 0, f: -1 })).toBe('stale');
    expect(state.slide).toEqual({ h: 1, v: 0, f: -1 });
    expect(state.applySlide({ seq: 9, h: 4, v: 1, f: 2 })).toBe('gap');
    expect(state.slide).toEqual({ h: 4, v: 1, f: 2 });
    expect(state.seq).toBe(9);
  });

  it('a snapshot replaces everything', () => {
    const { state } = tracked();
    state.applySnapshot(snapshot());
    state.applySlide({ seq: 6, h: 1, v: 0, f: -1 });
    state.applySnapshot(snapshot({ seq: 20, slide: { h: 7, v: 0, f: 0 }, audience: 40 }));
    expect(state.slide).toEqual({ h: 7, v: 0, f: 0 });
    expect(state.audience).toBe(40);
  });

  it('keeps the audience from the answer and the bars until shown or revealed', () => {
    const { state } = tracked();
    state.applySnapshot(snapshot());
    state.recordBallot('q1', 2);
    state.applyPoll({ seq: 6, poll: { id: 'q1', phase: 'open', showResults: false, round: 0 } });
    state.applyStats({ audience: 3, rating: null, tallies: {}, answers: {} });
    expect(state.poll('q1')!.tally).toBeUndefined();
    state.applyPoll({ seq: 7, poll: { id: 'q1', phase: 'open', showResults: true, round: 0 } });
    state.applyStats({
      audience: 3,
      rating: null,
      tallies: { q1: { counts: [1, 0, 1], voters: 2 } },
      answers: { q1: 2 },
    });
    expect(state.poll('q1')!.tally).toEqual({ counts: [1, 0, 1], voters: 2 });
    state.applyPoll({
      seq: 8,
      poll: { id: 'q1', phase: 'revealed', showResults: true, round: 0, answer: 1, explanation: 'because' },
    });
    expect(state.poll('q1')).toMatchObject({
      phase: 'revealed',
      answer: 1,
      explanation: 'because',
      yourChoice: 2,
      correct: false,
    });
  });

  it("a reset clears this device's ballot, the counts and the answer", () => {
    const { state } = tracked();
    state.applySnapshot(
      snapshot({
        role: 'presenter',
        polls: [
          poll({
            phase: 'revealed',
            answer: 1,
            explanation: 'x',
            yourChoice: 1,
            correct: true,
            tally: { counts: [0, 3, 0], voters: 3 },
          }),
        ],
      }),
    );
    state.applyPoll({ seq: 6, poll: { id: 'q1', phase: 'closed', showResults: false, round: 1 } });
    expect(state.poll('q1')).toMatchObject({
      phase: 'closed',
      round: 1,
      yourChoice: null,
      tally: { counts: [0, 0, 0], voters: 0 },
    });
    expect(state.poll('q1')!.answer).toBeUndefined();
    expect(state.poll('q1')!.correct).toBeUndefined();
  });

  it('the projector counts the answers, but gets neither the bars nor the answer before the room does', () => {
    const { state } = tracked();
    state.applySnapshot(snapshot({ role: 'projector', polls: [poll({ phase: 'open', answers: 0 })] }));
    state.applyStats({ audience: 3, rating: null, tallies: {}, answers: { q1: 2 } });
    expect(state.poll('q1')).toMatchObject({ answers: 2 });
    expect(state.poll('q1')!.tally).toBeUndefined();
    state.applyPoll({ seq: 6, poll: { id: 'q1', phase: 'closed', showResults: false, round: 1 } });
    expect(state.poll('q1')).toMatchObject({ answers: 0 });
  });

  it('the presenter keeps its tallies whatever the room may see', () => {
    const { state } = tracked();
    state.applySnapshot(snapshot({ role: 'presenter' }));
    state.applyStats({
      audience: 3,
      rating: null,
      tallies: { q1: { counts: [1, 1, 0], voters: 2 } },
      answers: { q1: 2 },
    });
    state.applyPoll({
      seq: 6,
      poll: { id: 'q1', phase: 'open', showResults: false, round: 0, answer: 1, explanation: 'x' },
    });
    expect(state.poll('q1')!.tally).toEqual({ counts: [1, 1, 0], voters: 2 });
  });

  it('stats update the count and the rating summary; acknowledged scores are kept', () => {
    const { state, changes } = tracked();
    state.applySnapshot(snapshot());
    state.applyStats({
      audience: 12,
      rating: { count: 2, average: 4.5, histogram: [0, 0, 0, 1, 1] },
      tallies: {},
      answers: {},
    });
    state.recordScore(4);
    expect(state.audience).toBe(12);
    expect(state.rating).toMatchObject({ yourScore: 4, summary: { count: 2, average: 4.5 } });
    expect(changes).toEqual(['snapshot', 'stats', 'rating']);
  });

  it('finds the poll on a slide', () => {
    const { state } = tracked();
    state.applySnapshot(snapshot());
    expect(state.pollOnSlide(9, 0)?.id).toBe('q1');
    expect(state.pollOnSlide(8, 0)).toBeUndefined();
  });
});
