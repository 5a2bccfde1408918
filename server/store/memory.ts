/**
 * A store that keeps nothing past the process: for unit tests and as the baseline the vote benchmark
 * compares the SQLite store against.
 */
import type { SlidePosition } from '../../src/protocol.ts';
import {
  emptyStoredTalk,
  INITIAL_POLL,
  type PollRecord,
  type QuestionRecord,
  type StoredTalk,
  samePollRecord,
} from '../talk/records.ts';
import { defaultRunName, type NewRunRequest, type RunInfo, type Timeline } from '../talk/runs.ts';
import type { TalkStore } from './types.ts';

export interface MemoryTalkStore extends TalkStore {
  /**
   * Writes that changed something, ever: a test tells that a refused command left the store alone
   * by comparing one number rather than everything the store holds.
   */
  readonly changes: number;
}

interface RunData {
  info: RunInfo;
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
  timeline: Timeline;
}

function emptyRun(id: number, name: string, rehearsal: boolean, seq: number): RunData {
  return {
    info: { id, name, rehearsal, startedAt: Date.now(), endedAt: null },
    seq,
    slide: null,
    polls: new Map(),
    ballots: new Map(),
    ratings: new Map(),
    timeline: { slides: [], audience: [] },
    questions: new Map(),
    questionKeys: new Map(),
    upvotes: new Set(),
    lost: new Set(),
  };
}

export function createMemoryStore(): MemoryTalkStore {
  /** deck → its runs, oldest first. */
  const decks = new Map<string, RunData[]>();
  let closed = false;
  let changes = 0;

  const runsOf = (deck: string): RunData[] => {
    if (closed) throw new Error('store closed');
    let runs = decks.get(deck);
    if (!runs) {
      runs = [];
      decks.set(deck, runs);
    }
    return runs;
  };
  /** The current run; a write to a deck without one starts run 1. */
  const current = (deck: string): RunData => {
    const runs = runsOf(deck);
    if (runs.length === 0) {
      runs.push(emptyRun(1, defaultRunName(new Date()), false, 0));
      changes += 1;
    }
    return runs.at(-1)!;
  };
  const find = (deck: string, run?: number): RunData | undefined => {
    const runs = runsOf(deck);
    return run === undefined ? runs.at(-1) : runs.find((r) => r.info.id === run);
  };
  const pollOf = (d: RunData, pollId: string): PollRecord => ({ ...(d.polls.get(pollId) ?? INITIAL_POLL) });
  const startRun = (deck: string, request: NewRunRequest) => {
    const runs = runsOf(deck);
    const last = runs.at(-1);
    const now = Date.now();
    if (last) last.info.endedAt = now;
    const next = emptyRun((last?.info.id ?? 0) + 1, request.name, request.rehearsal, last?.seq ?? 0);
    next.info.startedAt = now;
    runs.push(next);
    changes += 1;
    return { run: { ...next.info }, seq: next.seq };
  };

  return {
    get changes() {
      return changes;
    },

    async load(deck, run): Promise<StoredTalk> {
      const d = find(deck, run);
      if (!d) return emptyStoredTalk();
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

    async runs(deck) {
      return runsOf(deck).map((r) => ({ ...r.info }));
    },

    async newRun(deck, request) {
      return startRun(deck, request);
    },

    async ensureRun(deck, request) {
      const current = runsOf(deck).at(-1);
      return current ? { ...current.info } : startRun(deck, request).run;
    },

    async setSlide(deck, slide) {
      const d = current(deck);
      d.slide = { ...slide };
      d.timeline.slides.push({ at: Date.now(), ...slide });
      changes += 1;
      return { seq: ++d.seq };
    },

    async recordAudience(deck, count) {
      current(deck).timeline.audience.push({ at: Date.now(), count });
      changes += 1;
    },

    async timeline(deck, run) {
      const d = find(deck, run);
      return d ? { slides: [...d.timeline.slides], audience: [...d.timeline.audience] } : { slides: [], audience: [] };
    },

    async updatePoll(deck, pollId, expected, next, clearBallots) {
      const d = current(deck);
      const now = pollOf(d, pollId);
      if (!samePollRecord(now, expected)) return { ok: false, current: now };
      d.polls.set(pollId, { ...next });
      changes += 1;
      if (clearBallots) {
        for (const key of d.ballots.keys()) if (key.startsWith(`${pollId}\n`)) d.ballots.delete(key);
      }
      return { ok: true, seq: ++d.seq };
    },

    async castBallot(deck, pollId, clientId, choice) {
      const d = current(deck);
      if (pollOf(d, pollId).phase !== 'open') return { ok: false, error: 'poll-closed' };
      const key = `${pollId}\n${clientId}`;
      const previous = d.ballots.get(key) ?? null;
      d.ballots.set(key, choice);
      changes += 1;
      return { ok: true, previous };
    },

    async rate(deck, clientId, score) {
      const d = current(deck);
      const previous = d.ratings.get(clientId) ?? null;
      d.ratings.set(clientId, score);
      changes += 1;
      return { previous };
    },

    async askQuestion(deck, question) {
      const d = current(deck);
      const existingId = d.questionKeys.get(question.key);
      const existing = existingId === undefined ? undefined : d.questions.get(existingId);
      if (!existing) {
        d.questions.set(question.id, { ...question, votes: 0 });
        d.questionKeys.set(question.key, question.id);
        changes += 1;
        return { question: { ...question, votes: 0 }, merged: false, upvoted: false };
      }
      const key = `${existing.id}\n${question.clientId}`;
      const upvoted = !d.upvotes.has(key);
      if (upvoted) {
        d.upvotes.add(key);
        existing.votes += 1;
        changes += 1;
      }
      return { question: { ...existing }, merged: true, upvoted };
    },

    async upvoteQuestion(deck, questionId, clientId, up) {
      const d = current(deck);
      const question = d.questions.get(questionId);
      if (!question) return { ok: false, error: 'unknown-question' };
      const key = `${questionId}\n${clientId}`;
      const changed = up !== d.upvotes.has(key);
      if (changed) {
        if (up) d.upvotes.add(key);
        else d.upvotes.delete(key);
        question.votes += up ? 1 : -1;
        changes += 1;
      }
      return { ok: true, changed, votes: question.votes };
    },

    async setQuestionState(deck, questionId, state) {
      const question = current(deck).questions.get(questionId);
      if (!question) return null;
      question.state = state;
      changes += 1;
      return { ...question };
    },

    async setLost(deck, slide, clientId, lost) {
      const d = current(deck);
      const key = `${slide.h}.${slide.v}\n${clientId}`;
      const changed = lost !== d.lost.has(key);
      if (lost) d.lost.add(key);
      else d.lost.delete(key);
      if (changed) changes += 1;
      return { changed };
    },

    async close() {
      closed = true;
    },
  };
}
