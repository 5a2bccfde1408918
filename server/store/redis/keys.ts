/**
 * Where a deck lives in Redis, and how a poll record is written there.
 *
 * Every key of a deck starts `lectern:{<deck>}:`. The braces are a Redis Cluster hash tag: all of a
 * deck's keys land in one slot, so one Lua script may touch them all. On a single Redis they are just
 * part of the name.
 *
 * The current run lives under the deck's own keys, where every node reads and writes it; starting a
 * new run renames them, in one script, to the ended run's keys `lectern:{<deck>}:run:<id>:…`.
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
  /** Hash: run id → JSON `{name, rehearsal, startedAt, endedAt}`. A deck's run 1 from before runs has no field. */
  runs: string;
  /** List: `<at>,<h>,<v>,<f>` per slide change of the run. */
  slideLog: string;
  /** List: `<at>,<count>` per audience sample of the run. */
  audienceLog: string;
}

export function deckKeys(deck: string): DeckKeys {
  return keysUnder(deckPrefix(deck), deck);
}

/** What every key of the deck starts with. */
export function deckPrefix(deck: string): string {
  return `lectern:{${deck}}:`;
}

/** Where the runs of a deck live once they ended: this, the run id, `:`. */
export function endedRunPrefix(deck: string): string {
  return `${deckPrefix(deck)}run:`;
}

/** The keys of an ended run (the current run's are `deckKeys`). */
export function runKeys(deck: string, run: number): DeckKeys {
  return keysUnder(`${endedRunPrefix(deck)}${run}:`, deck);
}

function keysUnder(base: string, deck: string): DeckKeys {
  return {
    talk: `${base}talk`,
    polls: `${base}polls`,
    ballotsPrefix: `${base}ballots:`,
    ballots: (pollId) => `${base}ballots:${pollId}`,
    tally: (pollId) => `${base}tally:${pollId}`,
    ratings: `${base}ratings`,
    scores: `${base}scores`,
    audience: `${base}audience`,
    runs: `${deckPrefix(deck)}runs`,
    slideLog: `${base}slides`,
    audienceLog: `${base}audience-log`,
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
