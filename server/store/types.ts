/**
 * Durable talk state behind one small async interface, so a store shared by several server processes
 * (Redis) can stand in for the local SQLite file. Every operation is atomic on its own and returns what
 * the caller needs to keep its in-memory view right without reading again (the previous ballot, the new
 * sequence number, the record a compare-and-set found).
 */
import type { QuestionState, SlidePosition } from '../../src/protocol.ts';
import type { PollRecord, QuestionRecord, StoredTalk } from '../talk/records.ts';

export type { PollRecord, QuestionRecord, StoredTalk };

export interface AskResult {
  /** The question as stored: the new one, or the one it merged into. */
  question: QuestionRecord;
  /** An existing question had the same key. */
  merged: boolean;
  /** The merge added the asker's upvote (it had none on that question). */
  upvoted: boolean;
}

export type UpvoteResult = { ok: true; changed: boolean; votes: number } | { ok: false; error: 'unknown-question' };

export type CastResult = { ok: true; previous: number | null } | { ok: false; error: 'poll-closed' };

export type PollUpdateResult =
  | { ok: true; seq: number }
  /** The stored record was not the expected one (someone else changed it); here is what it is now. */
  | { ok: false; current: PollRecord };

export interface TalkStore {
  load(deck: string): Promise<StoredTalk>;

  /** Records the presenter's position and hands out the next sequence number. */
  setSlide(deck: string, slide: SlidePosition): Promise<{ seq: number }>;

  /**
   * Compare-and-set of a poll's record: applied only if the stored record equals `expected`.
   * `clearBallots` removes the poll's ballots in the same step (a reset).
   */
  updatePoll(
    deck: string,
    pollId: string,
    expected: PollRecord,
    next: PollRecord,
    clearBallots: boolean,
  ): Promise<PollUpdateResult>;

  /**
   * Stores or replaces a client's ballot, only while the stored poll is open. Resolves once durable.
   * Returns the ballot it replaced, so a tally can move by one without a recount.
   */
  castBallot(deck: string, pollId: string, clientId: string, choice: number): Promise<CastResult>;

  /** Stores or replaces a client's rating. Resolves once durable. */
  rate(deck: string, clientId: string, score: number): Promise<{ previous: number | null }>;

  /**
   * Stores a question, or, when the deck has one with the same `key`, merges it into that one as an
   * upvote from the asker (`votes` unchanged when the asker had already upvoted or asked it).
   */
  askQuestion(deck: string, question: QuestionRecord): Promise<AskResult>;

  /** Adds or takes back one client's upvote; `changed: false` when it was already so. */
  upvoteQuestion(deck: string, questionId: string, clientId: string, up: boolean): Promise<UpvoteResult>;

  /** Sets a question's state; null for an unknown question. */
  setQuestionState(deck: string, questionId: string, state: QuestionState): Promise<QuestionRecord | null>;

  /** "Lost me" on slide `h.v` for a client, or taken back; `changed: false` when it was already so. */
  setLost(
    deck: string,
    slide: { h: number; v: number },
    clientId: string,
    lost: boolean,
  ): Promise<{ changed: boolean }>;

  close(): Promise<void>;
}
