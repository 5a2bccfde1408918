/**
 * Durable talk state behind one small async interface, so a store shared by several server processes
 * (Redis) can stand in for the local SQLite file. Every operation is atomic on its own and returns what
 * the caller needs to keep its in-memory view right without reading again (the previous ballot, the new
 * sequence number, the record a compare-and-set found).
 */
import type { QuestionState, SlidePosition } from '../../src/protocol.ts';
import type { PollRecord, QuestionRecord, StoredTalk } from '../talk/records.ts';
import type { NewRunRequest, RunInfo, Timeline } from '../talk/runs.ts';

export type { NewRunRequest, PollRecord, QuestionRecord, RunInfo, StoredTalk, Timeline };

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

/**
 * Every write goes to the deck's current run: the newest one. A deck written to before any run was
 * started gets run 1 by itself. Sequence numbers keep growing across runs, so a phone that saw the
 * old run takes the new run's messages as newer.
 */
export interface TalkStore {
  /** The current run's state, or run `run`'s. An unknown run loads as empty. */
  load(deck: string, run?: number): Promise<StoredTalk>;

  /** The deck's runs, oldest first; the last one is current. Empty for a deck never touched. */
  runs(deck: string): Promise<RunInfo[]>;

  /**
   * Ends the current run and starts a clean one (slide, polls, ballots, ratings, timeline), in one
   * atomic step: a write that lands after it belongs to the new run. It starts from the old run's
   * sequence number, so its changes are newer than anything a page saw before.
   */
  newRun(deck: string, request: NewRunRequest): Promise<{ run: RunInfo; seq: number }>;

  /**
   * The current run, or, for a deck without one, a new run started as `newRun` would, in one atomic
   * step: servers starting together on one Redis agree on one first run.
   */
  ensureRun(deck: string, request: NewRunRequest): Promise<RunInfo>;

  /** Records the presenter's position (and the change in the run's timeline) and hands out the next sequence number. */
  setSlide(deck: string, slide: SlidePosition): Promise<{ seq: number }>;

  /** Adds a sample of the audience count to the current run's timeline. Resolves once durable. */
  recordAudience(deck: string, count: number): Promise<void>;

  /** The current run's timeline, or run `run`'s, oldest entry first. */
  timeline(deck: string, run?: number): Promise<Timeline>;

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
