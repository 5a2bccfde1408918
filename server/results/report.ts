/**
 * The report after a talk: each run's timeline measured against the deck's plan. Pure: the plan and
 * what the store kept in, figures out; the page and the PDF draw them.
 *
 * Time on a slide is the time from its slide change to the next one; a fragment step on the same slide
 * stays that slide's time. The last slide's time runs until the room empties (see `timelineSpan`),
 * never to "now", so a report read the next morning shows the same figures.
 */
import type { RunReport, SectionTiming, SlideTiming, TalkReport } from '../../src/protocol.ts';
import type { Timeline } from '../talk/runs.ts';
import { Talk, type TalkManifest } from '../talk/talk.ts';
import type { RunRecord } from './runSummary.ts';
import { summarizeRun } from './runSummary.ts';
import { buildResults } from './talkResults.ts';

const key = (h: number, v: number) => `${h}:${v}`;

/** The section of each slide: the manifest's word, else the section whose first slide it follows. */
function sectionOf(manifest: TalkManifest, h: number, v: number): number | null {
  const slide = manifest.slides?.find((s) => s.h === h && s.v === v);
  if (slide && slide.section !== undefined) return slide.section;
  let found: number | null = null;
  for (const section of manifest.sections ?? []) if (section.firstSlide <= h) found = section.number;
  return found;
}

/**
 * The moments the talk spans: its first slide change to its end. The end is the last slide change,
 * carried on through the last audience sample after it while the room still held at least half its
 * peak: the last slide (questions, the rating) lasts until people leave, not until the server was
 * next started, whose empty room is a sample too.
 */
export function timelineSpan(timeline: Timeline): { start: number; end: number } | null {
  const first = timeline.slides[0];
  if (!first) return null;
  const lastChange = timeline.slides.at(-1)!.at;
  const peak = Math.max(0, ...timeline.audience.map((s) => s.count));
  let end = lastChange;
  for (const sample of timeline.audience) {
    if (sample.at <= lastChange) continue;
    if (sample.count * 2 < peak || peak === 0) break;
    end = sample.at;
  }
  return { start: first.at, end };
}

/** The audience from the talk's start to its end; the count at the start is the last one before it. */
export function audienceSeries(timeline: Timeline, start: number, end: number): { atMs: number; count: number }[] {
  const before = timeline.audience.filter((s) => s.at < start).at(-1);
  const during = timeline.audience.filter((s) => s.at >= start && s.at <= end);
  const series = during.map((s) => ({ atMs: s.at - start, count: s.count }));
  if (before && (series[0]?.atMs ?? 1) > 0) series.unshift({ atMs: 0, count: before.count });
  return series;
}

/** Milliseconds on each slide (`h:v`), all visits summed. */
export function timePerSlide(timeline: Timeline): Map<string, number> {
  const span = timelineSpan(timeline);
  const times = new Map<string, number>();
  if (!span) return times;
  timeline.slides.forEach((change, i) => {
    const until = timeline.slides[i + 1]?.at ?? span.end;
    const id = key(change.h, change.v);
    times.set(id, (times.get(id) ?? 0) + Math.max(0, until - change.at));
  });
  return times;
}

export function buildRunReport(manifest: TalkManifest, record: RunRecord): RunReport {
  const { timeline } = record;
  const span = timelineSpan(timeline);
  const start = span?.start ?? record.run.startedAt;
  const times = timePerSlide(timeline);

  // Slides in deck order; a manifest without its slide list gets the slides the timeline visited.
  const listed =
    manifest.slides ??
    [...new Set(timeline.slides.map((s) => key(s.h, s.v)))].map((id) => {
      const [h = 0, v = 0] = id.split(':').map(Number);
      return { h, v };
    });
  const slides: SlideTiming[] = listed.map((slide, i) => ({
    h: slide.h,
    v: slide.v,
    number: i + 1,
    title: ('title' in slide && slide.title) || `Slide ${i + 1}`,
    section: sectionOf(manifest, slide.h, slide.v),
    ms: times.get(key(slide.h, slide.v)) ?? 0,
  }));
  // A visited slide the deck no longer has (edited since) still counts, outside the sections.
  const known = new Set(listed.map((s) => key(s.h, s.v)));
  const strayMs = [...times].filter(([id]) => !known.has(id)).reduce((sum, [, ms]) => sum + ms, 0);

  const sections: SectionTiming[] = (manifest.sections ?? []).map((section) => {
    const actualMs = slides.filter((s) => s.section === section.number).reduce((sum, s) => sum + s.ms, 0);
    return {
      number: section.number,
      title: section.title,
      plannedMinutes: section.minutes,
      actualMs,
      overMs: actualMs - section.minutes * 60_000,
    };
  });
  const timed = new Set(sections.map((s) => s.number));
  const untimedMs =
    slides.filter((s) => s.section === null || !timed.has(s.section)).reduce((sum, s) => sum + s.ms, 0) + strayMs;

  const talk = new Talk(manifest, record.stored, record.run);
  return {
    summary: summarizeRun(manifest, record),
    startedAt: new Date(start).toISOString(),
    durationMs: span ? span.end - span.start : 0,
    sections,
    untimedMs,
    slides,
    audience: span ? audienceSeries(timeline, span.start, span.end) : [],
    results: buildResults(talk, new Date(record.run.endedAt ?? span?.end ?? record.run.startedAt)),
  };
}

/** The report of `shown` (one run, or two side by side), with every run listed for choosing. */
export function buildTalkReport(
  manifest: TalkManifest,
  shown: readonly RunRecord[],
  all: readonly RunRecord[],
  generatedAt = new Date(),
): TalkReport {
  return {
    deck: manifest.id,
    title: manifest.title,
    plannedMinutes: (manifest.sections ?? []).reduce((sum, s) => sum + s.minutes, 0),
    generatedAt: generatedAt.toISOString(),
    runs: shown.map((record) => buildRunReport(manifest, record)),
    allRuns: all.map((record) => summarizeRun(manifest, record)),
  };
}
