/**
 * What a talk's state is made of, as the talk core and every store agree on it. The core owns these
 * shapes; a store only keeps them.
 */
import type { PollPhase, QuestionState, SlidePosition } from '../../src/protocol.ts';

/** What the store keeps of a quiz poll. A poll the store has never seen is `INITIAL_POLL`. */
export interface PollRecord {
  phase: PollPhase;
  showResults: boolean;
  round: number;
}

export const INITIAL_POLL: Readonly<PollRecord> = Object.freeze({ phase: 'closed', showResults: false, round: 0 });

/** Everything stored for one deck, as loaded at start-up or after a restart. */
export interface StoredTalk {
  /** Last sequence number handed out (0 for a deck never touched). */
  seq: number;
  /** Null until the presenter first moves. */
  slide: SlidePosition | null;
  /** Only polls that were ever changed; the others are `INITIAL_POLL`. */
  polls: Record<string, PollRecord>;
  ballots: { pollId: string; clientId: string; choice: number }[];
  ratings: { clientId: string; score: number }[];
  /** The room's questions, in the order they were asked (absent: none). */
  questions?: QuestionRecord[];
  /** Who upvoted which question (absent: nobody). */
  upvotes?: { questionId: string; clientId: string }[];
  /** Who said "lost me" on which slide (absent: nobody). */
  lost?: { h: number; v: number; clientId: string }[];
}

/** What a store loads for a deck or run nothing was ever written to. */
export function emptyStoredTalk(seq = 0): StoredTalk {
  return { seq, slide: null, polls: {}, ballots: [], ratings: [], questions: [], upvotes: [], lost: [] };
}

/** What the store keeps of a question from the room. */
export interface QuestionRecord {
  id: string;
  /** The asker, so a phone sees its own pending questions and nobody else's. */
  clientId: string;
  /** Cleaned text (`cleanQuestionText`). */
  text: string;
  name: string | null;
  /** What it merges on (`questionKey`): one question per key and deck. */
  key: string;
  state: QuestionState;
  /** ms since the epoch. */
  askedAt: number;
  /** Upvotes, kept by the same step that stores one. */
  votes: number;
}

export function samePollRecord(a: PollRecord, b: PollRecord): boolean {
  return a.phase === b.phase && a.showResults === b.showResults && a.round === b.round;
}
