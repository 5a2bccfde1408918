/**
 * What every `TalkStore` must do, as a reusable suite: the SQLite store runs it here, and a store
 * shared by several servers (Redis) can run the same one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TalkStore } from '../../server/store/types.ts';
import { INITIAL_POLL, type PollRecord, type QuestionRecord } from '../../server/talk/records.ts';
import { runsContract } from './runsContract.ts';

export interface StoreHarness {
  store: TalkStore;
  /** Closes this store and opens a new one on the same data (a restart). Omit for stores that keep nothing. */
  reopen?: () => Promise<TalkStore>;
  cleanup?: () => Promise<void>;
  /**
   * For a store whose room lives under keys of its own (Redis): each of them, by name, and whether it
   * holds anything for the deck's current run. Lets "a new run starts clean" cover every one.
   */
  roomKeysHolding?: (deck: string) => Promise<Record<string, boolean>>;
}

const open: PollRecord = { phase: 'open', showResults: false, round: 0 };

let asked = 0;
/** A question as the dispatcher would store it. */
function question(over: Partial<QuestionRecord> = {}): QuestionRecord {
  asked += 1;
  return {
    id: `q-${asked}`,
    clientId: 'asker',
    text: `Question ${asked}?`,
    name: null,
    key: `question ${asked}`,
    state: 'approved',
    askedAt: 1_700_000_000_000 + asked,
    votes: 0,
    ...over,
  };
}

export function describeStoreContract(name: string, makeStore: () => Promise<StoreHarness>): void {
  describe(`TalkStore contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: TalkStore;
    beforeEach(async () => {
      harness = await makeStore();
      store = harness.store;
    });
    afterEach(async () => {
      await store.close();
      await harness.cleanup?.();
    });

    it('loads an untouched deck as empty', async () => {
      expect(await store.load('deck-a')).toEqual({
        seq: 0,
        slide: null,
        polls: {},
        ballots: [],
        ratings: [],
        questions: [],
        upvotes: [],
        lost: [],
      });
    });

    it('hands out increasing sequence numbers per deck for slides and poll changes', async () => {
      expect(await store.setSlide('deck-a', { h: 1, v: 0, f: -1 })).toEqual({ seq: 1 });
      expect(await store.updatePoll('deck-a', 'q1', INITIAL_POLL, open, false)).toEqual({ ok: true, seq: 2 });
      expect(await store.setSlide('deck-a', { h: 2, v: 1, f: 3 })).toEqual({ seq: 3 });
      expect(await store.setSlide('deck-b', { h: 5, v: 0, f: -1 })).toEqual({ seq: 1 });
      const loaded = await store.load('deck-a');
      expect(loaded).toMatchObject({ seq: 3, slide: { h: 2, v: 1, f: 3 }, polls: { q1: open } });
    });

    it('changes a poll only from the expected record', async () => {
      const stale = await store.updatePoll('deck-a', 'q1', open, { ...open, phase: 'closed' }, false);
      expect(stale).toEqual({ ok: false, current: INITIAL_POLL });
      await store.updatePoll('deck-a', 'q1', INITIAL_POLL, open, false);
      const again = await store.updatePoll('deck-a', 'q1', INITIAL_POLL, open, false);
      expect(again).toEqual({ ok: false, current: open });
      expect((await store.load('deck-a')).seq).toBe(1);
    });

    it('accepts ballots only while the poll is open, returning the ballot replaced', async () => {
      expect(await store.castBallot('deck-a', 'q1', 'client-1', 0)).toEqual({ ok: false, error: 'poll-closed' });
      await store.updatePoll('deck-a', 'q1', INITIAL_POLL, open, false);
      expect(await store.castBallot('deck-a', 'q1', 'client-1', 0)).toEqual({ ok: true, previous: null });
      expect(await store.castBallot('deck-a', 'q1', 'client-1', 2)).toEqual({ ok: true, previous: 0 });
      expect(await store.castBallot('deck-a', 'q1', 'client-2', 2)).toEqual({ ok: true, previous: null });
      expect(await store.castBallot('deck-a', 'q2', 'client-1', 1)).toEqual({ ok: false, error: 'poll-closed' });
      await store.updatePoll('deck-a', 'q1', open, { ...open, phase: 'closed' }, false);
      expect(await store.castBallot('deck-a', 'q1', 'client-1', 1)).toEqual({ ok: false, error: 'poll-closed' });
      const { ballots } = await store.load('deck-a');
      expect(ballots.sort((a, b) => a.clientId.localeCompare(b.clientId))).toEqual([
        { pollId: 'q1', clientId: 'client-1', choice: 2 },
        { pollId: 'q1', clientId: 'client-2', choice: 2 },
      ]);
    });

    it('clears only that poll’s ballots on a reset', async () => {
      await store.updatePoll('deck-a', 'q1', INITIAL_POLL, open, false);
      await store.updatePoll('deck-a', 'q2', INITIAL_POLL, open, false);
      await store.updatePoll('deck-b', 'q1', INITIAL_POLL, open, false);
      await store.castBallot('deck-a', 'q1', 'c', 1);
      await store.castBallot('deck-a', 'q2', 'c', 1);
      await store.castBallot('deck-b', 'q1', 'c', 1);
      const reset = { phase: 'closed', showResults: false, round: 1 } as const;
      expect(await store.updatePoll('deck-a', 'q1', open, reset, true)).toMatchObject({ ok: true });
      expect((await store.load('deck-a')).ballots).toEqual([{ pollId: 'q2', clientId: 'c', choice: 1 }]);
      expect((await store.load('deck-b')).ballots).toEqual([{ pollId: 'q1', clientId: 'c', choice: 1 }]);
      expect((await store.load('deck-a')).polls.q1).toEqual(reset);
    });

    it('keeps one rating per client, returning the one replaced', async () => {
      expect(await store.rate('deck-a', 'c1', 4)).toEqual({ previous: null });
      expect(await store.rate('deck-a', 'c1', 2)).toEqual({ previous: 4 });
      expect(await store.rate('deck-a', 'c2', 5)).toEqual({ previous: null });
      const { ratings } = await store.load('deck-a');
      expect(ratings.sort((a, b) => a.clientId.localeCompare(b.clientId))).toEqual([
        { clientId: 'c1', score: 2 },
        { clientId: 'c2', score: 5 },
      ]);
    });

    it('applies concurrent writes in the order they were asked for', async () => {
      await store.updatePoll('deck-a', 'q1', INITIAL_POLL, open, false);
      const replies = await Promise.all([
        store.castBallot('deck-a', 'q1', 'c', 0),
        store.castBallot('deck-a', 'q1', 'c', 1),
        store.updatePoll('deck-a', 'q1', open, { ...open, phase: 'closed' }, false),
        store.castBallot('deck-a', 'q1', 'c', 2),
      ]);
      expect(replies).toEqual([
        { ok: true, previous: null },
        { ok: true, previous: 0 },
        { ok: true, seq: 2 },
        { ok: false, error: 'poll-closed' },
      ]);
    });

    it('stores a question, and merges one with the same key into it as the asker’s upvote', async () => {
      const first = question({ name: 'Ana', text: 'What is <b>etcd</b>? 😀\u200D', key: 'what is b etcd b' });
      expect(await store.askQuestion('deck-a', first)).toEqual({ question: first, merged: false, upvoted: false });
      const again = question({ clientId: 'other', key: first.key, text: 'what is etcd' });
      expect(await store.askQuestion('deck-a', again)).toEqual({
        question: { ...first, votes: 1 },
        merged: true,
        upvoted: true,
      });
      // The same client asking it a third time adds nothing.
      expect(await store.askQuestion('deck-a', { ...again, id: 'q-x' })).toMatchObject({
        merged: true,
        upvoted: false,
      });
      // Another deck keeps its own.
      expect(await store.askQuestion('deck-b', { ...again, id: 'q-y' })).toMatchObject({ merged: false });
      const loaded = await store.load('deck-a');
      expect(loaded.questions).toEqual([{ ...first, votes: 1 }]);
      expect(loaded.upvotes).toEqual([{ questionId: first.id, clientId: 'other' }]);
    });

    it('keeps one upvote per client and question, withdrawable, with an exact count', async () => {
      const q = question();
      await store.askQuestion('deck-a', q);
      expect(await store.upvoteQuestion('deck-a', q.id, 'c1', true)).toEqual({ ok: true, changed: true, votes: 1 });
      expect(await store.upvoteQuestion('deck-a', q.id, 'c1', true)).toEqual({ ok: true, changed: false, votes: 1 });
      expect(await store.upvoteQuestion('deck-a', q.id, 'c2', true)).toEqual({ ok: true, changed: true, votes: 2 });
      expect(await store.upvoteQuestion('deck-a', q.id, 'c1', false)).toEqual({ ok: true, changed: true, votes: 1 });
      expect(await store.upvoteQuestion('deck-a', q.id, 'c1', false)).toEqual({ ok: true, changed: false, votes: 1 });
      expect(await store.upvoteQuestion('deck-a', 'nope', 'c1', true)).toEqual({
        ok: false,
        error: 'unknown-question',
      });
      const loaded = await store.load('deck-a');
      expect(loaded.questions?.[0]?.votes).toBe(1);
      expect(loaded.upvotes).toEqual([{ questionId: q.id, clientId: 'c2' }]);
    });

    it('changes a question’s state, and refuses an unknown one', async () => {
      const q = question({ state: 'pending' });
      await store.askQuestion('deck-a', q);
      await store.upvoteQuestion('deck-a', q.id, 'c1', true);
      expect(await store.setQuestionState('deck-a', q.id, 'approved')).toEqual({ ...q, state: 'approved', votes: 1 });
      expect(await store.setQuestionState('deck-a', q.id, 'answered')).toMatchObject({ state: 'answered' });
      expect(await store.setQuestionState('deck-a', 'nope', 'hidden')).toBeNull();
      expect((await store.load('deck-a')).questions?.[0]?.state).toBe('answered');
    });

    it('keeps "lost me" once per slide and client, withdrawable', async () => {
      expect(await store.setLost('deck-a', { h: 3, v: 0 }, 'c1', true)).toEqual({ changed: true });
      expect(await store.setLost('deck-a', { h: 3, v: 0 }, 'c1', true)).toEqual({ changed: false });
      expect(await store.setLost('deck-a', { h: 3, v: 0 }, 'c2', true)).toEqual({ changed: true });
      expect(await store.setLost('deck-a', { h: 4, v: 1 }, 'c1', true)).toEqual({ changed: true });
      expect(await store.setLost('deck-a', { h: 3, v: 0 }, 'c2', false)).toEqual({ changed: true });
      expect(await store.setLost('deck-a', { h: 3, v: 0 }, 'c2', false)).toEqual({ changed: false });
      const { lost } = await store.load('deck-a');
      expect(lost?.sort((a, b) => a.h - b.h)).toEqual([
        { h: 3, v: 0, clientId: 'c1' },
        { h: 4, v: 1, clientId: 'c1' },
      ]);
    });

    it('gives everything back after a restart', async () => {
      if (!harness.reopen) return;
      const q = question();
      await store.askQuestion('deck-a', q);
      await store.upvoteQuestion('deck-a', q.id, 'c7', true);
      await store.setLost('deck-a', { h: 1, v: 0 }, 'c7', true);
      await store.setSlide('deck-a', { h: 4, v: 0, f: 1 });
      await store.updatePoll('deck-a', 'q1', INITIAL_POLL, { phase: 'open', showResults: true, round: 0 }, false);
      await Promise.all(Array.from({ length: 100 }, (_, i) => store.castBallot('deck-a', 'q1', `c${i}`, i % 4)));
      await store.rate('deck-a', 'c1', 3);
      const before = await store.load('deck-a');
      store = await harness.reopen();
      expect(await store.load('deck-a')).toEqual(before);
    });

    describe('runs', () => {
      runsContract(() => ({ harness, store, replace: (s) => (store = s) }));
    });
  });
}
