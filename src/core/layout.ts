/**
 * What a walk over a deck's slides measured, as plain data: the build turns the overflows into
 * warnings, the design test checks everything against the room's floors.
 */

/** Marks a deck page opened by the layout walk, so the deck does not ask for a walk of its own in dev. */
export const PROBE_PARAM = 'lectern-probe';

/** What a deck page sends the dev server once it has started: "lay me out". */
export const LAYOUT_CHECK_EVENT = 'lectern:layout-check';

/** Who reads a piece of text, from the compiled markup; each role has its own floor. */
export type TextRole =
  | 'title'
  | 'body'
  | 'code'
  | 'caption'
  | 'card'
  | 'tagline'
  | 'choice'
  | 'rating'
  | 'table'
  | 'chrome';

export const TEXT_ROLES: TextRole[] = [
  'title',
  'body',
  'code',
  'caption',
  'card',
  'tagline',
  'choice',
  'rating',
  'table',
  'chrome',
];

/** Something that does not fit its slide at one step, in words a speaker acts on. */
export interface Overflow {
  /** The deck-file line of the block, when the block has one. */
  line: number | null;
  /** The fragment step it was seen at: 0 before any fragment, 1 after the first, … */
  step: number;
  message: string;
}

/** The smallest text of one role on a slide. */
export interface TextSize {
  role: TextRole;
  /** CSS px on the 1280×720 slide. */
  px: number;
  text: string;
  line: number | null;
}

/** Text whose colour is too close to what is behind it. */
export interface ContrastMiss {
  /** `code-lit`, `code-dimmed`, or `diagram` */
  kind: 'code-lit' | 'code-dimmed' | 'diagram';
  ratio: number;
  floor: number;
  text: string;
  line: number | null;
  step: number;
  /** Text and background colours as `#rrggbb`. */
  colors: string;
}

export interface DiagramMeasure {
  line: number | null;
  /** Drawn width as a share of the slide's width. */
  widthShare: number;
  /** The smallest label as drawn, CSS px on the slide. */
  smallestLabel: { px: number; text: string } | null;
  /** Labels wrapped in the middle of a word, as drawn (`ServiceAccoun / t`). */
  brokenLabels: string[];
}

export interface SlideMeasure {
  h: number;
  v: number;
  title: string;
  /** How many fragment steps the slide has beyond its first. */
  steps: number;
  overflows: Overflow[];
  /** Only with `full`: the rest. */
  texts: TextSize[];
  contrast: ContrastMiss[];
  diagrams: DiagramMeasure[];
  /** Share of the slide's height left empty below the lowest content, with every fragment shown. */
  emptyBand: number | null;
  /** The slide counter drawn over a reveal control, in words. */
  chromeOverlap: string | null;
}

export interface ProbeOptions {
  /** Measure type, contrast, diagrams and chrome too; the build needs only the overflows. @defaultValue false */
  full: boolean;
  /**
   * The deck's Mermaid sources: SVG labels drop the space where they wrap, so telling a wrap
   * inside a word from one between words needs the words. @defaultValue none: that check is skipped
   */
  diagramSources?: string[];
}
