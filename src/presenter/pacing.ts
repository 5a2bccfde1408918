import type { SectionInfo } from '../compile/manifest.ts';
import type { TalkPlan } from '../core/plan.ts';

export type PaceState = 'on-time' | 'ahead' | 'behind';

export interface Pace {
  state: PaceState;
  /** How far ahead or behind, 0 when on time. */
  byMs: number;
  /** The timed section the slide belongs to; null in an untimed part. */
  section: SectionInfo | null;
  /** When the plan has the slide's section start and end, from the start of the talk. */
  plannedStartMs: number;
  plannedEndMs: number;
}

const MINUTE = 60_000;

/**
 * Where the talk stands against the plan. A timed section owns the window from the sum of the
 * minutes before it to that plus its own: speaking inside the window is on time, before it is ahead,
 * after it is behind, by the distance to the window. An untimed part (the cover, a knowledge check)
 * is a window of zero width where the plan puts it.
 * @param toleranceMs closer than this to the window still counts as on time. @defaultValue 30 s
 */
export function paceAt(
  plan: Pick<TalkPlan, 'sections' | 'slides'>,
  slide: { h: number; v: number },
  elapsedMs: number,
  toleranceMs = 30_000,
): Pace {
  const info = plan.slides.find((s) => s.h === slide.h && s.v === slide.v);
  const section = plan.sections.find((s) => s.number === info?.section) ?? null;
  const before = plan.sections.filter((s) => (section ? s.number < section.number : s.firstSlide <= slide.h));
  const plannedStartMs = before.reduce((sum, s) => sum + s.minutes * MINUTE, 0);
  const plannedEndMs = plannedStartMs + (section ? section.minutes * MINUTE : 0);
  let state: PaceState = 'on-time';
  let byMs = 0;
  if (elapsedMs < plannedStartMs - toleranceMs) {
    state = 'ahead';
    byMs = plannedStartMs - elapsedMs;
  } else if (elapsedMs > plannedEndMs + toleranceMs) {
    state = 'behind';
    byMs = elapsedMs - plannedEndMs;
  }
  return { state, byMs, section, plannedStartMs, plannedEndMs };
}

export interface SectionRow {
  section: SectionInfo;
  plannedMs: number;
  spentMs: number;
  /** `current` while speaking in it; `done` once the talk has moved past it; else `upcoming`. */
  progress: 'done' | 'current' | 'upcoming';
}

/** Each timed section with its planned and spent time, for the pacing list. */
export function sectionRows(
  plan: Pick<TalkPlan, 'sections'>,
  spentBySection: Readonly<Record<string, number>>,
  slide: { h: number },
  current: Pace,
): SectionRow[] {
  return plan.sections.map((section) => ({
    section,
    plannedMs: section.minutes * MINUTE,
    spentMs: spentBySection[String(section.number)] ?? 0,
    progress:
      current.section?.number === section.number ? 'current' : section.firstSlide <= slide.h ? 'done' : 'upcoming',
  }));
}
