/**
 * Where a deck lives in Redis, and how a poll record is written there.
 *
 * Every key of a deck starts `lectern:{<deck>}:`. The braces are a Redis Cluster hash tag: all of a
 * deck's keys land in one slot, so one Lua script may touch them all. On a single Redis they are just
 * part of the name.
 */

import { POLL_PHASES } from '../../../src/protocol.ts';
import { INITIAL_POLL, type PollRecord } from '../../talk/records.ts';

export interface DeckKeys {
  /** Hash: `seq` (the deck's sequence number) and `h`, `v`, `f` (the presenter's position). */
  talk: string;
  /** Hash: poll id → encoded `PollRecord`. A poll never changed has no field. */
  polls: string;
  /** Prefix of the per-poll ballot hashes (client id → choice); a Lua script appends the poll id. */
  ballotsPrefix: string;
  /** Hash: client id → choice, for one quiz poll. */
  ballots(pollId: string): string;
  /** Hash: choice → number of ballots, kept by the same script that stores a ballot. */
  tally(pollId: string): string;
  /** Hash: client id → score. */
  ratings: string;
  /** Hash: score → number of ratings. */
  scores: string;
  /** Hash: node id → `<phones>,<expires at, ms>`: each node's audience, summed by the readers. */
  audience: string;
}

export function deckKeys(deck: string): DeckKeys {
  const base = `lectern:{${deck}}:`;
  return {
    talk: `${base}talk`,
    polls: `${base}polls`,
    ballotsPrefix: `${base}ballots:`,
    ballots: (pollId) => `${base}ballots:${pollId}`,
    tally: (pollId) => `${base}tally:${pollId}`,
    ratings: `${base}ratings`,
    scores: `${base}scores`,
    audience: `${base}audience`,
  };
}

/**
 * `phase,showResults,round`, e.g. `open,0,2`: one string, so the compare-and-set is one string
 * comparison in Lua and "is it open" a prefix test.
 */
export function encodePoll(record: PollRecord): string {
  return `${record.phase},${record.showResults ? 1 : 0},${record.round}`;
}

export const INITIAL_POLL_ENCODED = encodePoll(INITIAL_POLL);

export function decodePoll(text: string): PollRecord {
  const [phase, shown, round] = text.split(',');
  const known = (POLL_PHASES as readonly string[]).includes(phase ?? '');
  const roundNumber = Number(round);
  if (!known || (shown !== '0' && shown !== '1') || !Number.isInteger(roundNumber)) {
    throw new Error(`not a poll record: ${JSON.stringify(text)}`);
  }
  return { phase: phase as PollRecord['phase'], showResults: shown === '1', round: roundNumber };
}
