/**
 * Writes a small, known talk through the store's own API, as the live server would: open each quiz,
 * cast ballots, reveal it; rate the talk.
 */
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { TalkStore } from '../../server/store/types.ts';
import { INITIAL_POLL, type PollRecord } from '../../server/talk/records.ts';

/** Ballots per choice for each quiz, and ratings per score (1..5). */
export interface TalkFixture {
  quizzes: Record<string, number[]>;
  ratings: number[];
}

export async function fillTalk(store: TalkStore, deck: string, fixture: TalkFixture): Promise<void> {
  let voter = 0;
  for (const [pollId, counts] of Object.entries(fixture.quizzes)) {
    const open: PollRecord = { ...INITIAL_POLL, phase: 'open' };
    await store.updatePoll(deck, pollId, INITIAL_POLL, open, false);
    const ballots: Promise<unknown>[] = [];
    counts.forEach((count, choice) => {
      for (let i = 0; i < count; i++)
        ballots.push(store.castBallot(deck, pollId, `voter-${String(voter++).padStart(4, '0')}`, choice));
    });
    await Promise.all(ballots);
    await store.updatePoll(deck, pollId, open, { ...open, phase: 'revealed' }, false);
  }
  const ratings: Promise<unknown>[] = [];
  fixture.ratings.forEach((count, i) => {
    for (let n = 0; n < count; n++) ratings.push(store.rate(deck, `rater-${i}-${String(n).padStart(4, '0')}`, i + 1));
  });
  await Promise.all(ratings);
}

/** The same talk in a fresh SQLite file. */
export async function fillStore(file: string, deck: string, fixture: TalkFixture): Promise<void> {
  const store = openSqliteStore(file, { synchronous: 'normal' });
  try {
    await fillTalk(store, deck, fixture);
  } finally {
    await store.close();
  }
}
