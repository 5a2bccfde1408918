/**
 * A store that keeps nothing past the process: for unit tests and as the baseline the vote benchmark
 * compares the SQLite store against.
 */
import type { SlidePosition } from '../../src/protocol.ts';
import { INITIAL_POLL, type PollRecord, type StoredTalk, samePollRecord } from '../talk/records.ts';
import type { TalkStore } from './types.ts';

interface DeckData {
  seq: number;
  slide: SlidePosition | null;
  polls: Map<string, PollRecord>;
  /** `${pollId}\n${clientId}` → choice */
  ballots: Map<string, number>;
  ratings: Map<string, number>;
}

export function createMemoryStore(): TalkStore {
  const decks = new Map<string, DeckData>();
  let closed = false;

  const data = (deck: string): DeckData => {
    if (closed) throw new Error('store closed');
    let found = decks.get(deck);
    if (!found) {
      found = { seq: 0, slide: null, polls: new Map(), ballots: new Map(), ratings: new Map() };
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

    async close() {
      closed = true;
    },
  };
}
