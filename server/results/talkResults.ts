/**
 * The talk's results as data, CSV and a terminal table. Pure: a talk and a time in, text out.
 */

import { choiceLetter } from '../../src/core/format.ts';
import type { AudienceQuestionResult, LostResult, QuestionResult, TalkResults } from '../../src/protocol.ts';
import type { Talk } from '../talk/talk.ts';
import { describeRun } from './runList.ts';

export function buildResults(talk: Talk, exportedAt: Date): TalkResults {
  const questions = talk.quizzes.map((quiz): QuestionResult => {
    const { counts, voters } = talk.tally(quiz.id);
    const right = counts[quiz.answer] ?? 0;
    return {
      pollId: quiz.id,
      prompt: quiz.prompt,
      phase: talk.record(quiz.id).phase,
      choices: quiz.choices.map((text, i) => ({ text, count: counts[i] ?? 0, correct: i === quiz.answer })),
      voters,
      right,
      percentRight: voters === 0 ? null : Math.round((right / voters) * 1000) / 10,
    };
  });
  const summary = talk.ratingSummary();
  return {
    deck: talk.deck,
    title: talk.title,
    run: talk.runView(),
    exportedAt: exportedAt.toISOString(),
    questions,
    rating: talk.rating && summary ? { ...summary, prompt: talk.rating.prompt, scale: talk.rating.scale } : null,
    audienceQuestions: talk.questions.all().map(
      (q): AudienceQuestionResult => ({
        text: q.text,
        name: q.name,
        votes: q.votes,
        state: q.state,
        askedAt: new Date(q.askedAt).toISOString(),
      }),
    ),
    lostMe: talk.lostMe.counts().map(({ h, v, count }): LostResult => {
      const slide = talk.slideTitles.get(`${h}.${v}`);
      return { h, v, slide: slide ? slide.index + 1 : 0, title: slide?.title ?? '', count };
    }),
  };
}

export const CSV_COLUMNS = [
  'poll',
  'kind',
  'prompt',
  'choice',
  'label',
  'correct',
  'count',
  'voters',
  'percent_right',
  'average',
  'state',
] as const;

/**
 * One row per quiz choice and one per rating score, so a spreadsheet can pivot it directly; the
 * per-question and per-rating figures repeat on each of their rows. Then one row per question from
 * the room (`kind` question: its text, the asker's name as `label`, upvotes as `count`) and one per
 * slide someone was lost on (`kind` lost: the slide number as `choice`, its title, the count). Text
 * typed by the audience is made formula-safe like every other field.
 */
export function resultsToCsv(results: TalkResults): string {
  const rows: (string | number | boolean | null)[][] = [[...CSV_COLUMNS]];
  for (const q of results.questions) {
    q.choices.forEach((c, i) => {
      rows.push([
        q.pollId,
        'quiz',
        q.prompt,
        choiceLetter(i),
        c.text,
        c.correct,
        c.count,
        q.voters,
        q.percentRight,
        null,
        q.phase,
      ]);
    });
  }
  const rating = results.rating;
  if (rating) {
    rating.histogram.forEach((count, i) => {
      rows.push([
        'rating',
        'rating',
        rating.prompt,
        i + 1,
        String(i + 1),
        null,
        count,
        rating.count,
        null,
        rating.average,
        null,
      ]);
    });
  }
  results.audienceQuestions.forEach((q, i) => {
    rows.push([`question-${i + 1}`, 'question', q.text, null, q.name, null, q.votes, null, null, null, q.state]);
  });
  for (const lost of results.lostMe) {
    rows.push(['lost', 'lost', lost.title, lost.slide, null, null, lost.count, null, null, null, null]);
  }
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** What a spreadsheet may read as the start of a formula, the full-width forms (CJK input) included. */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** A plain number (`-5`, `+0.5`) is a value, not a formula: it stays as the speaker typed it. */
const PLAIN_NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;

function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  // A leading = + - @ would make a spreadsheet evaluate a prompt typed by the speaker as a formula.
  const safe = typeof value === 'string' && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  // Quoted, a field stays one cell whatever separator the spreadsheet's locale splits on (`;` in much
  // of Europe, tab), so `a;=HYPERLINK(…)` cannot start a second cell that is a formula.
  return /[",;\t\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Choice text wider than this wraps onto the next line, at a space. */
const CHOICE_WIDTH = 44;

/**
 * `text` in lines of at most `width` characters, broken at spaces; a single word longer than a line
 * gets a line of its own rather than being cut.
 */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines;
}

/** A plain-text report for the terminal: choices lettered A, B, C … as the room saw them. */
export function resultsToText(results: TalkResults): string {
  const run = results.run
    ? ` — run ${describeRun({ ...results.run, startedAt: Date.parse(results.run.startedAt) })}`
    : '';
  const lines = [`${results.title} (${results.deck})${run}`, `results at ${results.exportedAt}`, ''];
  for (const q of results.questions) {
    const right = q.percentRight === null ? 'no votes' : `${q.percentRight}% right`;
    lines.push(`${q.pollId}  ${q.prompt}`, `    ${q.voters} voters, ${right}, ${q.phase}`);
    const widest = Math.max(1, ...q.choices.map((c) => c.count));
    q.choices.forEach((c, i) => {
      const bar = '█'.repeat(Math.round((c.count / widest) * 20));
      const [first = '', ...rest] = wrapWords(c.text, CHOICE_WIDTH);
      lines.push(
        `    ${c.correct ? '✓' : ' '} ${choiceLetter(i)}  ${first.padEnd(CHOICE_WIDTH)} ${String(c.count).padStart(5)} ${bar}`,
      );
      for (const more of rest) lines.push(`${' '.repeat(9)}${more}`);
    });
    lines.push('');
  }
  const rating = results.rating;
  if (rating) {
    const average = rating.average === null ? 'no ratings' : `average ${rating.average.toFixed(2)} / ${rating.scale}`;
    lines.push(`rating  ${rating.prompt}`, `    ${rating.count} ratings, ${average}`);
    const widest = Math.max(1, ...rating.histogram);
    rating.histogram.forEach((count, i) => {
      lines.push(`    ${i + 1} ${String(count).padStart(5)} ${'█'.repeat(Math.round((count / widest) * 20))}`);
    });
  }
  if (results.audienceQuestions.length > 0) {
    lines.push('', `questions from the room (${results.audienceQuestions.length})`);
    for (const q of results.audienceQuestions) {
      const who = q.name ? ` — ${terminalSafe(q.name)}` : '';
      lines.push(`    ${String(q.votes).padStart(5)} ▲  ${terminalSafe(q.text)}${who}  [${q.state}]`);
    }
  }
  if (results.lostMe.length > 0) {
    lines.push('', '"lost me" per slide');
    for (const lost of results.lostMe) {
      lines.push(`    slide ${String(lost.slide).padStart(3)}  ${String(lost.count).padStart(5)}  ${lost.title}`);
    }
  }
  return lines.join('\n');
}

/** Text typed by the audience, for a terminal: control characters (escape sequences) shown as `?`. */
function terminalSafe(text: string): string {
  return text.replace(/\p{Cc}/gu, '?');
}
