/**
 * A talk is given many times: each giving is a run with its own slide position, poll phases,
 * ballots, ratings and timeline. These are the shapes every store keeps runs in; the core owns them.
 */
import type { SlidePosition } from '../../src/protocol.ts';

/** One giving of a talk, as a store lists it. */
export interface RunInfo {
  /** 1, 2, 3 … per deck, in the order the runs were started. */
  id: number;
  name: string;
  /** A practice run: listed and reported like any other, marked as such. */
  rehearsal: boolean;
  /** ms since the epoch. */
  startedAt: number;
  /** When the next run replaced it; null for the current run. */
  endedAt: number | null;
}

/** What the speaker asks for when starting a run. */
export interface NewRunRequest {
  name: string;
  rehearsal: boolean;
}

/** The name a run gets when the file held talks from before runs existed. */
export const BEFORE_RUNS = 'before runs';

/** A slide change as the timeline keeps it. */
export interface SlideChange extends SlidePosition {
  /** ms since the epoch. */
  at: number;
}

/** The audience count at one moment (sampled, not one entry per phone). */
export interface AudienceSample {
  at: number;
  count: number;
}

/** What happened during one run, in order. */
export interface Timeline {
  slides: SlideChange[];
  audience: AudienceSample[];
}

/** A run's default name: its start, as the speaker's laptop writes dates, e.g. `2026-11-30 19:05`. */
export function defaultRunName(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}`;
}

/** A run asked for by `--run`: its number, or else its name (the newest run of that name). */
export function findRun(runs: readonly RunInfo[], wanted: string): RunInfo | null {
  const trimmed = wanted.trim();
  if (/^\d+$/.test(trimmed)) {
    const byId = runs.find((r) => r.id === Number(trimmed));
    if (byId) return byId;
  }
  const byName = runs.filter((r) => r.name === trimmed);
  return byName.at(-1) ?? null;
}
