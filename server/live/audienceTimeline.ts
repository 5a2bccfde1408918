/**
 * The audience count over a run, as samples in the run's timeline: at most one write every
 * `intervalMs`, and only when the count moved. A room filling up changes the count with every phone;
 * sampling keeps that to a constant number of writes per interval whatever the crowd, and each
 * change costs O(1) (a timer that is already set is left alone).
 */
import type { TalkStore } from '../store/types.ts';
import { createCoalescer } from './coalescer.ts';
import type { LiveDeck } from './liveDeck.ts';

/** @defaultValue 5000: a minute of talk is 12 points, enough for a chart of a 40-minute talk. */
export const AUDIENCE_SAMPLE_MS = 5000;

export interface AudienceTimeline {
  close(): void;
}

export function recordAudienceTimeline(
  live: LiveDeck,
  store: TalkStore,
  intervalMs = AUDIENCE_SAMPLE_MS,
): AudienceTimeline {
  // An empty room at start-up is not worth a sample: the run's timeline goes on from where it was.
  let recorded: number | null = 0;
  const sample = (): void => {
    const count = live.talk.audience;
    if (count === recorded) return;
    recorded = count;
    // A sample that fails is skipped: the next change takes its place, and the room goes on.
    store.recordAudience(live.talk.deck, count).catch(() => {
      recorded = null;
    });
  };
  const coalescer = createCoalescer(sample, intervalMs);
  live.onCountersChanged(() => coalescer.touch());
  // A new run's timeline starts with the room as it is.
  live.onRunStarted(() => {
    recorded = null;
    coalescer.touch();
  });
  coalescer.touch();
  return { close: () => coalescer.close() };
}
