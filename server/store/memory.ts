/**
 * A store that keeps nothing past the process: for unit tests and as the baseline the vote benchmark
 * compares the SQLite store against.
 */
import type { SlidePosition } from '../../src/protocol.ts';
import {
  INITIAL_POLL,
  type PollRecord,
  type QuestionRecord,
  type StoredTalk,
  samePollRecord,
} from '../talk/records.ts';
import type { TalkStore } from './types.ts';

interface DeckData {
  seq: number;
  slide: SlidePosition | null;
  polls: Map<string, PollRecord>;
  /** `${pollId}\n${clientId}` → choice */
  ballots: Map<string, number>;
  ratings: Map<string, number>;
  /** By id, in the order asked. */
  questions: Map<string, QuestionRecord>;
  /** Merge key → question id. */
  questionKeys: Map<string, string>;
  /** `${questionId}\n${clientId}` */
  upvotes: Set<string>;
  /** `${h}.${v}\n${clientId}` */
  lost: Set<string>;
}

export function createMemoryStore(): TalkStore {
  const decks = new Map<string, DeckData>();
  let closed = false;

  const data = (deck: string): DeckData => {
    if (closed) throw new Error('store closed');
    let found = decks.get(deck);
    if (!found) {
      found = {
        seq: 0,
        slide: null,
        polls: new Map(),
        ballots: new Map(),
        ratings: new Map(),
        questions: new Map(),
        questionKeys: new Map(),
        upvotes: new Set(),
        lost: new Set(),
      };
      decks.set(deck, found);
    }
    return found;
  };
  const pollOf = (d: DeckData, pollId: string): PollRecord => ({ ...(d.polls.get(pollId) ?? INITIAL_POLL) });

  return {
    async load(deck): Promise<StoredTalk> {
      const d = data(deck);
      const polls: Record<string, PollRecord> = {};
      for (const [id, record] of d.polls) polls[id] = { ...record };
      return {
        seq: d.seq,
        slide: d.slide && { ...d.slide },
        polls,
        ballots: [...d.ballots].map(([key, choice]) => {
          const [pollId = '', clientId = ''] = key.split('\n');
          return { pollId, clientId, choice };
        }),
        ratings: [...d.ratings].map(([clientId, score]) => ({ clientId, score })),
        questions: [...d.questions.values()].map((q) => ({ ...q })),
        upvotes: [...d.upvotes].map((key) => {
          const [questionId = '', clientId = ''] = key.split('\n');
          return { questionId, clientId };
        }),
        lost: [...d.lost].map((key) => {
          const [slide = '', clientId = ''] = key.split('\n');
          const [h = 0, v = 0] = slide.split('.').map(Number);
          return { h, v, clientId };
        }),
      };
    },

    async setSlide(deck, slide) {
      const d = data(deck);
      d.slide = { ...slide };
      return { seq: ++d.seq };
    },

    async updatePoll(deck, pollId, expected, next, clearBallots) {
      const d = data(deck);
      const current = pollOf(d, pollId);
      if (!samePollRecord(current, expected)) return { ok: false, current };
      d.polls.set(pollId, { ...next });
      if (clearBallots) {
        for (const key of d.ballots.keys()) if (key.startsWith(`${pollId}\n`)) d.ballots.delete(key);
      }
      return { ok: true, seq: ++d.seq };
    },

    async castBallot(deck, pollId, clientId, choice) {
      const d = data(deck);
      if (pollOf(d, pollId).phase !== 'open') return { ok: false, error: 'poll-closed' };
      const key = `${pollId}\n${clientId}`;
      const previous = d.ballots.get(key) ?? null;
      d.ballots.set(key, choice);
      return { ok: true, previous };
    },

    async rate(deck, clientId, score) {
      const d = data(deck);
      const previous = d.ratings.get(clientId) ?? null;
      d.ratings.set(clientId, score);
      return { previous };
    },

    async askQuestion(deck, question) {
      const d = data(deck);
      const existingId = d.questionKeys.get(question.key);
      const existing = existingId === undefined ? undefined : d.questions.get(existingId);
      if (!existing) {
        d.questions.set(question.id, { ...question, votes: 0 });
        d.questionKeys.set(question.key, question.id);
        return { question: { ...question, votes: 0 }, merged: false, upvoted: false };
      }
      const key = `${existing.id}\n${question.clientId}`;
      const upvoted = !d.upvotes.has(key);
      if (upvoted) {
        d.upvotes.add(key);
        existing.votes += 1;
      }
      return { question: { ...existing }, merged: true, upvoted };
    },

    async upvoteQuestion(deck, questionId, clientId, up) {
      const d = data(deck);
      const question = d.questions.get(questionId);
      if (!question) return { ok: false, error: 'unknown-question' };
      const key = `${questionId}\n${clientId}`;
      const changed = up !== d.upvotes.has(key);
      if (changed) {
        if (up) d.upvotes.add(key);
        else d.upvotes.delete(key);
        question.votes += up ? 1 : -1;
      }
      return { ok: true, changed, votes: question.votes };
    },

    async setQuestionState(deck, questionId, state) {
      const question = data(deck).questions.get(questionId);
      if (!question) return null;
      question.state = state;
      return { ...question };
    },

    async setLost(deck, slide, clientId, lost) {
      const d = data(deck);
      const key = `${slide.h}.${slide.v}\n${clientId}`;
      const changed = lost !== d.lost.has(key);
      if (lost) d.lost.add(key);
      else d.lost.delete(key);
      return { changed };
    },

    async close() {
      closed = true;
    },
  };
}
