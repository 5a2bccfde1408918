/**
 * The manifest: everything the server and the pages need to know about a deck
 * that is not its HTML. Written by the compile step as `dist/<deck>/manifest.json`.
 * It holds the quiz answer keys, so the live server never serves it to the audience.
 */

import type { QuestionMode } from '../protocol.ts';

export const THEMES = ['dark', 'light', 'contrast'] as const;
export type ThemeName = (typeof THEMES)[number];

/** A timed part of the talk; its slides run until the next section starts. */
export interface SectionInfo {
  /** 1-based, as shown in the "03/07" counter. */
  number: number;
  title: string;
  /** Planned speaking time. */
  minutes: number;
  /** Horizontal index of the section's first slide. */
  firstSlide: number;
}

/** One slide, in reveal's coordinates. */
export interface SlideInfo {
  h: number;
  v: number;
  /** First heading of the slide, or a short label when it has none. */
  title: string;
  /** `number` of the section the slide belongs to, or null before the first / in an untimed part. */
  section: number | null;
  /** Fragment steps on the slide (0 when it has none). */
  fragments: number;
  /** Id of the poll shown on this slide, if any. */
  poll?: string;
}

export interface QuizPoll {
  kind: 'quiz';
  /** Stable id: `q1`, `q2`, … in deck order. */
  id: string;
  slide: { h: number; v: number };
  prompt: string;
  /** Plain text of each choice, 2 to 6 of them. */
  choices: string[];
  /** Index of the one right choice. */
  answer: number;
  /** One line shown after the reveal. */
  explanation: string;
}

export interface RatingPoll {
  kind: 'rating';
  /** Always `rating`: a deck has at most one. */
  id: 'rating';
  slide: { h: number; v: number };
  prompt: string;
  /** Highest score; the scale runs 1..scale. */
  scale: 5;
}

export type PollSpec = QuizPoll | RatingPoll;

export interface DeckManifest {
  /** Folder name under `slides/`, also the URL path. */
  id: string;
  title: string;
  subtitle?: string;
  kicker?: string;
  level?: string;
  buildsOn?: string;
  theme: ThemeName;
  /** The language of the deck's text (`lang` in the frontmatter), a BCP 47 tag. @defaultValue `en` */
  lang?: string;
  /** Sum of the sections' minutes. */
  minutes: number;
  sections: SectionInfo[];
  slides: SlideInfo[];
  slideCount: number;
  polls: PollSpec[];
  /** What the room may send back: questions (and whether they wait for approval) and reactions. */
  room: { questions: QuestionMode; reactions: boolean };
}
