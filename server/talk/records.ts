/**
 * What a talk's state is made of, as the talk core and every store agree on it. The core owns these
 * shapes; a store only keeps them.
 */
import type { PollPhase, SlidePosition } from '../../src/protocol.ts';

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
}

export function samePollRecord(a: PollRecord, b: PollRecord): boolean {
  return a.phase === b.phase && a.showResults === b.showResults && a.round === b.round;
}
