/**
 * Reading runs back from a store for the results command, the export and the API: one run by the
 * number or name the speaker gave, or every run of a deck.
 */
import type { TalkStore } from '../store/types.ts';
import { findRun, type RunInfo } from '../talk/runs.ts';
import type { RunRecord } from './runSummary.ts';

/** A run that is not there, named as the speaker asked for it. */
export class UnknownRunError extends Error {
  constructor(deck: string, wanted: string, runs: readonly RunInfo[]) {
    const known = runs.map((r) => `#${r.id} "${r.name}"`).join(', ');
    super(`${deck} has no run "${wanted}"${known ? ` (its runs: ${known})` : ' (it has no runs yet)'}`);
    this.name = 'UnknownRunError';
  }
}

/** The run `wanted` (its number or name), or the current run when undefined; null when the deck has no runs. */
export async function readRun(store: TalkStore, deck: string, wanted?: string): Promise<RunRecord | null> {
  const runs = await store.runs(deck);
  const run = wanted === undefined ? runs.at(-1) : findRun(runs, wanted);
  if (!run) {
    if (wanted !== undefined) throw new UnknownRunError(deck, wanted, runs);
    return null;
  }
  return readRecord(store, deck, run);
}

/** Every run of the deck, oldest first. */
export async function readAllRuns(store: TalkStore, deck: string): Promise<RunRecord[]> {
  const runs = await store.runs(deck);
  return Promise.all(runs.map((run) => readRecord(store, deck, run)));
}

async function readRecord(store: TalkStore, deck: string, run: RunInfo): Promise<RunRecord> {
  const [stored, timeline] = await Promise.all([store.load(deck, run.id), store.timeline(deck, run.id)]);
  return { run, stored, timeline };
}
