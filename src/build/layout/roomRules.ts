import { type SlideMeasure, TEXT_ROLES, type TextRole } from '../../core/layout.ts';
import { MIN_CODE_PX } from '../../core/sizes.ts';

/**
 * What the back row of a room needs, in CSS px on the 1280×720 slide: body text at 28 px; nothing
 * the audience must read under 22 px; the slide's own chrome (kicker, counter) at 16 px. Code is the
 * one exception: it starts at 28 px and may be shrunk to fit its box down to 20 px (the code-fit
 * plugin's floor); a block that still does not fit is reported as an overflow, to be split.
 */
export const TEXT_FLOORS: Record<TextRole, number> = {
  title: 28,
  body: 28,
  code: MIN_CODE_PX,
  caption: 22,
  card: 22,
  tagline: 22,
  choice: 22,
  rating: 22,
  table: 22,
  chrome: 16,
};

/** A diagram's labels as drawn, after the SVG is scaled to its figure. */
export const DIAGRAM_LABEL_FLOOR = 20;

/** One way a deck falls short of the room, grouped over the slides where it happens. */
export interface RoomProblem {
  /** `text`, `diagram label`, `broken label`, `overflow`, `contrast`, `chrome` */
  kind: string;
  /** What is wrong, with the measured value against its floor. */
  problem: string;
  /** Where: slides (`h.v "title"`) and deck lines. */
  where: string[];
}

const slideName = (slide: SlideMeasure) => `${slide.h}.${slide.v} "${slide.title}"`;

function group(problems: Map<string, RoomProblem>, kind: string, problem: string, where: string): void {
  const key = `${kind}|${problem}`;
  const known = problems.get(key) ?? { kind, problem, where: [] };
  if (!known.where.includes(where)) known.where.push(where);
  problems.set(key, known);
}

/** Everything in a walked deck that falls under the room's floors, grouped so each fault reads once. */
export function judgeDeck(slides: SlideMeasure[], file: string): RoomProblem[] {
  const problems = new Map<string, RoomProblem>();
  const at = (line: number | null) => (line === null ? '' : ` ${file}:${line}`);
  for (const slide of slides) {
    for (const text of slide.texts) {
      const floor = TEXT_FLOORS[text.role];
      if (text.px < floor)
        group(
          problems,
          'text',
          `${text.role} ${text.px} px < ${floor} px`,
          `${slideName(slide)}${at(text.line)} "${text.text}"`,
        );
    }
    for (const diagram of slide.diagrams) {
      const label = diagram.smallestLabel;
      if (label && label.px < DIAGRAM_LABEL_FLOOR)
        group(
          problems,
          'diagram label',
          `${label.px} px < ${DIAGRAM_LABEL_FLOOR} px as drawn`,
          `${slideName(slide)}${at(diagram.line)} "${label.text}"`,
        );
      for (const broken of diagram.brokenLabels)
        group(
          problems,
          'broken label',
          `label wrapped inside a word: "${broken}"`,
          `${slideName(slide)}${at(diagram.line)}`,
        );
    }
    for (const overflow of slide.overflows)
      group(problems, 'overflow', overflow.message, `${slideName(slide)}${at(overflow.line)}`);
    for (const miss of slide.contrast) {
      const what = { 'code-lit': 'lit code', 'code-dimmed': 'dimmed code line', diagram: 'diagram text on its shape' }[
        miss.kind
      ];
      group(
        problems,
        'contrast',
        `${what} ${miss.ratio}:1 < ${miss.floor}:1 (${miss.colors})`,
        `${slideName(slide)}${at(miss.line)} "${miss.text}"`,
      );
    }
    if (slide.chromeOverlap)
      group(problems, 'chrome', slide.chromeOverlap.replace(/"[^"]*"/, '').replace(/\s+/g, ' '), slideName(slide));
  }
  return [...problems.values()];
}

/** A readable failure: one line per fault, with how many slides and the first few places. */
export function formatProblems(problems: RoomProblem[], title: string): string {
  const lines = problems.map((problem) => {
    const shown = problem.where.slice(0, 3).join('; ');
    const more = problem.where.length > 3 ? `; +${problem.where.length - 3} more` : '';
    return `  ${problem.kind.padEnd(13)} ${problem.problem}  [${problem.where.length} slide${problem.where.length === 1 ? '' : 's'}: ${shown}${more}]`;
  });
  return `${title}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${lines.join('\n')}`;
}

/** The figures a designer reads off a walk: smallest size by role, the median empty band, diagram widths. */
export interface RoomFigures {
  smallest: Partial<Record<TextRole | 'diagram label', number>>;
  /** Median share of the slide's height left empty below the content. */
  medianEmptyBand: number | null;
  /** Each diagram's drawn width as a share of the slide, in deck order. */
  diagramWidths: number[];
}

export function figuresOf(slides: SlideMeasure[]): RoomFigures {
  const smallest: RoomFigures['smallest'] = {};
  for (const slide of slides) {
    for (const text of slide.texts) smallest[text.role] = Math.min(smallest[text.role] ?? Infinity, text.px);
    for (const diagram of slide.diagrams) {
      if (diagram.smallestLabel)
        smallest['diagram label'] = Math.min(smallest['diagram label'] ?? Infinity, diagram.smallestLabel.px);
    }
  }
  const bands = slides
    .map((slide) => slide.emptyBand)
    .filter((band): band is number => band !== null)
    .sort((a, b) => a - b);
  const middle = bands.length / 2;
  const medianEmptyBand =
    bands.length === 0
      ? null
      : bands.length % 2
        ? bands[Math.floor(middle)]!
        : (bands[middle - 1]! + bands[middle]!) / 2;
  return {
    smallest,
    medianEmptyBand,
    diagramWidths: slides.flatMap((slide) => slide.diagrams.map((diagram) => diagram.widthShare)),
  };
}

/** One table for many walks: a row per deck and theme. */
export function formatFigures(rows: Array<{ deck: string; theme: string; figures: RoomFigures }>): string {
  const columns = [...TEXT_ROLES, 'diagram label'] as const;
  const header = [
    'deck',
    'theme',
    ...columns.map((role) => `${role} (≥${role === 'diagram label' ? DIAGRAM_LABEL_FLOOR : TEXT_FLOORS[role]})`),
    'empty band',
    'diagram widths',
  ];
  const body = rows.map(({ deck, theme, figures }) => [
    deck,
    theme,
    ...columns.map((role) => {
      const px = figures.smallest[role];
      if (px === undefined) return '–';
      const floor = role === 'diagram label' ? DIAGRAM_LABEL_FLOOR : TEXT_FLOORS[role];
      return `${px}${px < floor ? '!' : ''}`;
    }),
    figures.medianEmptyBand === null ? '–' : `${Math.round(figures.medianEmptyBand * 100)}%`,
    figures.diagramWidths.length ? figures.diagramWidths.map((share) => `${Math.round(share * 100)}%`).join(' ') : '–',
  ]);
  const widths = header.map((cell, i) => Math.max(cell.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ');
  return [
    'Smallest text by role (CSS px on the 1280×720 slide; ! = under its floor), median empty band below the content, diagram widths (share of the slide):',
    line(header),
    widths.map((width) => '-'.repeat(width)).join('-|-'),
    ...body.map(line),
  ].join('\n');
}
