/**
 * A run's figures from what the store kept of it. Pure: the run's records in, figures out.
 */
import type { RunSummary } from '../../src/protocol.ts';
import type { StoredTalk } from '../talk/records.ts';
import type { RunInfo, Timeline } from '../talk/runs.ts';
import { Talk, type TalkManifest } from '../talk/talk.ts';
import { buildResults } from './talkResults.ts';

/** Everything the store kept of one run. */
export interface RunRecord {
  run: RunInfo;
  stored: StoredTalk;
  timeline: Timeline;
}

const percentOf = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 10;

export function summarizeRun(manifest: TalkManifest, record: RunRecord): RunSummary {
  const talk = new Talk(manifest, record.stored, record.run);
  const results = buildResults(talk, new Date(record.run.endedAt ?? Date.now()));
  const right = results.questions.reduce((sum, q) => sum + q.right, 0);
  const ballots = results.questions.reduce((sum, q) => sum + q.voters, 0);
  const quizIds = new Set(talk.quizzes.map((q) => q.id));
  const voters = new Set(record.stored.ballots.filter((b) => quizIds.has(b.pollId)).map((b) => b.clientId));
  return {
    ...talk.runView()!,
    endedAt: record.run.endedAt === null ? null : new Date(record.run.endedAt).toISOString(),
    peakAudience: Math.max(0, ...record.timeline.audience.map((s) => s.count)),
    voters: voters.size,
    percentRight: percentOf(right, ballots),
    rating: { count: results.rating?.count ?? 0, average: results.rating?.average ?? null },
    questions: results.questions.map((q) => ({
      pollId: q.pollId,
      prompt: q.prompt,
      voters: q.voters,
      percentRight: q.percentRight,
    })),
  };
}
