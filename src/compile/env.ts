import type { Token } from 'markdown-it';
import { DeckError } from './errors.ts';
import type { DeckMeta } from './frontmatter.ts';
import type { QuizPoll, RatingPoll } from './manifest.ts';

/** A Mermaid diagram found in the deck, and where. */
export interface DiagramRef {
  source: string;
  /** 1-based line of the diagram's fence. */
  line: number;
  /** Inside a figure with a caption, which takes some of the slide's height. */
  captioned: boolean;
}

/** A file the deck points at, relative to the deck folder. */
export interface AssetRef {
  path: string;
  line: number;
}

/** What the Markdown rules learn about the slide being rendered. */
export interface SlideFacts {
  section?: { title: string; minutes: number | null };
  cover: boolean;
  poll?: string;
}

/**
 * State shared by the markdown-it rules while a deck renders: markdown-it hands
 * the same `env` object to every rule, which is how blocks report what they found.
 */
export interface CompileEnv {
  /** markdown-it's env is an open record; these are the keys lectern's rules use. */
  [key: string | symbol]: unknown;
  deckId: string;
  file: string;
  meta: DeckMeta;
  /** 0-based file line where the current slide starts. */
  lineOffset: number;
  slide: SlideFacts;
  polls: Array<Omit<QuizPoll, 'slide'> | Omit<RatingPoll, 'slide'>>;
  diagrams: DiagramRef[];
  assets: AssetRef[];
  /** What the author should know though the deck builds (raw HTML the allow-list removed), by file line. */
  warnings: Array<{ line: number; message: string }>;
  /** Pre-rendered SVG for a diagram's source, when the build has one. */
  renderDiagram: (source: string) => string | undefined;
  /** Raw HTML is left out entirely: quiz prompts and choices, which phones show as text. */
  textOnly?: boolean;
}

/**
 * The env for rendering a quiz's prompt or a choice: raw HTML left out, so the projector shows the same
 * text as the phones and the speaker view; it records nothing (the quiz rule tells the author once).
 */
export function textOnlyEnv(env: CompileEnv): CompileEnv {
  return { ...env, textOnly: true, assets: [], warnings: [], diagrams: [], polls: [] };
}

/** The 1-based file line of a block token. */
export function lineOf(env: CompileEnv, token: Token | undefined): number {
  return env.lineOffset + (token?.map?.[0] ?? 0) + 1;
}

export function failAt(env: CompileEnv, token: Token | undefined, reason: string, hint?: string): never {
  throw new DeckError(env.file, lineOf(env, token), reason, hint);
}
