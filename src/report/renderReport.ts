/**
 * The report after a talk as HTML: the page at `/<deck>/report/` shows it, and `lectern export
 * --report` prints the same page to PDF. Pure: a `TalkReport` in, markup out; every text from the
 * deck or the speaker is escaped.
 */
import { escapeHtml } from '../compile/escape.ts';
import { choiceLetter, formatDuration } from '../core/format.ts';
import { namedByItsStart } from '../core/runName.ts';
import type { RunReport, TalkReport } from '../protocol.ts';
import { audienceChart, planBar, ratingChart, SERIES, slidesChart } from './charts.ts';

const esc = escapeHtml;

/** `+3:10 over`, `−1:05 under`, `on plan` (within half a minute). */
export function overUnder(overMs: number): { text: string; kind: 'over' | 'under' | 'even' } {
  if (Math.abs(overMs) < 30_000) return { text: 'on plan', kind: 'even' };
  return overMs > 0
    ? { text: `+${formatDuration(overMs)} over`, kind: 'over' }
    : { text: `${formatDuration(overMs)} under`, kind: 'under' };
}

/** `12:00` for a plan in minutes. */
const planned = (minutes: number) => formatDuration(minutes * 60_000);

const when = (iso: string) => {
  const date = new Date(iso);
  return `${date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })}, ${date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`;
};

function runName(run: RunReport, index: number, total: number): string {
  const s = run.summary;
  const key = total > 1 ? `<span class="key key-${SERIES[index]?.name ?? 'a'}" aria-hidden="true"></span>` : '';
  const tag = s.rehearsal ? ' <span class="tag">rehearsal</span>' : '';
  return `${key}<span class="run-id">Run ${s.id}</span> <bdi>${esc(s.name)}</bdi>${tag}`;
}

function header(report: TalkReport): string {
  const names = report.runs.map((run, i) => {
    const date = namedByItsStart(run.summary.name) ? '' : ` · ${esc(when(run.startedAt))}`;
    return `<li>${runName(run, i, report.runs.length)}${date}</li>`;
  });
  return `<header class="report-head">
<p class="kicker">Report after the talk</p>
<h1>${esc(report.title)}</h1>
<ul class="run-names">${names.join('')}</ul>
</header>`;
}

function figures(report: TalkReport): string {
  const rows = report.runs.map((run, i) => {
    const s = run.summary;
    const over = overUnder(run.durationMs - report.plannedMinutes * 60_000);
    const cells = [
      [
        'Duration',
        formatDuration(run.durationMs),
        `plan ${planned(report.plannedMinutes)} · <span class="${over.kind}">${over.text}</span>`,
      ],
      ['Peak audience', String(s.peakAudience), 'phones at once'],
      ['Voters', String(s.voters), 'answered a question'],
      ['Right answers', s.percentRight === null ? '–' : `${s.percentRight}%`, 'of all ballots'],
      [
        'Rating',
        s.rating.average === null ? '–' : s.rating.average.toFixed(1),
        `${s.rating.count} ${s.rating.count === 1 ? 'rating' : 'ratings'}`,
      ],
    ];
    const label = report.runs.length > 1 ? `<p class="figures-run">${runName(run, i, report.runs.length)}</p>` : '';
    return `${label}<dl class="figures">${cells
      .map(([name, value, note]) => `<div><dt>${name}</dt><dd><strong>${value}</strong><span>${note}</span></dd></div>`)
      .join('')}</dl>`;
  });
  return `<section class="block">${rows.join('')}</section>`;
}

function pacing(report: TalkReport): string {
  const first = report.runs[0];
  if (!first || first.sections.length === 0) return '';
  const many = report.runs.length > 1;
  const scale = Math.max(
    ...first.sections.map((s) => s.plannedMinutes * 60_000),
    ...report.runs.flatMap((run) => run.sections.map((s) => s.actualMs)),
    60_000,
  );
  // Run columns are named short: the head of the report names each run in full.
  const head = report.runs
    .map(
      (run, i) =>
        `<th class="num">${many ? `<span class="key key-${SERIES[i]?.name ?? 'a'}" aria-hidden="true"></span>Run ${run.summary.id}` : 'Actual'}</th><th class="num">Over / under</th>`,
    )
    .join('');
  const rows = first.sections.map((section, row) => {
    const cells = report.runs
      .map((run) => {
        const timing = run.sections[row]!;
        const verdict = overUnder(timing.overMs);
        return `<td class="num">${formatDuration(timing.actualMs)}</td><td class="num ${verdict.kind}">${verdict.text}</td>`;
      })
      .join('');
    const bar = planBar(
      section.plannedMinutes * 60_000,
      report.runs.map((run) => run.sections[row]!.actualMs),
      scale,
    );
    return `<tr><td class="num section-number">${section.number}</td><th scope="row"><bdi>${esc(section.title)}</bdi></th><td class="num">${planned(section.plannedMinutes)}</td>${cells}<td class="bar-cell">${bar}</td></tr>`;
  });
  const untimed = report.runs.map((run) => `<td class="num">${formatDuration(run.untimedMs)}</td><td></td>`).join('');
  const total = report.runs
    .map((run) => {
      const verdict = overUnder(run.durationMs - report.plannedMinutes * 60_000);
      return `<td class="num">${formatDuration(run.durationMs)}</td><td class="num ${verdict.kind}">${verdict.text}</td>`;
    })
    .join('');
  return `<section class="block">
<h2>Time per section</h2>
<p class="lead">Planned minutes against the time the slides of each section were on screen. The line in each bar is the plan; the dark end past it, the overrun.</p>
<table class="pacing">
<thead><tr><th class="num">#</th><th>Section</th><th class="num">Planned</th>${head}<th><span class="visually-hidden">Plan and actual</span></th></tr></thead>
<tbody>${rows.join('')}
<tr class="quiet"><td></td><th scope="row">Outside the sections (cover, untimed parts)</th><td></td>${untimed}<td></td></tr></tbody>
<tfoot><tr><td></td><th scope="row">Whole talk</th><td class="num">${planned(report.plannedMinutes)}</td>${total}<td></td></tr></tfoot>
</table>
</section>`;
}

function legend(report: TalkReport): string {
  if (report.runs.length < 2) return '';
  return `<p class="legend">${report.runs.map((run, i) => `<span>${runName(run, i, 2)}</span>`).join('')}</p>`;
}

function audience(report: TalkReport): string {
  const series = report.runs.map((run) => run.audience.map((s) => ({ x: s.atMs, y: s.count })));
  if (series.every((s) => s.length === 0)) return '';
  return `<section class="block">
<h2>Audience over time</h2>
<p class="lead">Phones connected (up), minutes from the first slide change (across).</p>
${legend(report)}${audienceChart(series, 'Phones connected over the talk')}
</section>`;
}

function slides(report: TalkReport): string {
  const first = report.runs[0];
  if (!first || first.slides.length === 0) return '';
  const columns = first.slides.map((slide, i) => ({
    number: slide.number,
    section: slide.section,
    values: report.runs.map((run) => run.slides[i]?.ms ?? 0),
  }));
  // The slides that held the room longest, with their titles: the chart says where, this says which.
  const longest = first.slides
    .map((slide, i) => ({ slide, ms: Math.max(...report.runs.map((run) => run.slides[i]?.ms ?? 0)), i }))
    .filter((entry) => entry.ms > 0)
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 6)
    .map(
      ({ slide, i }) =>
        `<li><span class="slide-number">${slide.number}</span><bdi>${esc(slide.title)}</bdi><span class="times">${report.runs
          .map((run) => formatDuration(run.slides[i]?.ms ?? 0))
          .join(' · ')}</span></li>`,
    );
  return `<section class="block">
<h2>Time per slide</h2>
<p class="lead">Minutes each slide was on screen (up), slide by slide in deck order (across); the numbered bands are the sections.</p>
${legend(report)}${slidesChart(columns, 'Minutes per slide')}
${longest.length ? `<h3>Longest on screen</h3><ol class="longest">${longest.join('')}</ol>` : ''}
</section>`;
}

function questions(report: TalkReport): string {
  const first = report.runs[0];
  if (!first || first.results.questions.length === 0) return '';
  const cards = first.results.questions.map((question, q) => {
    const perRun = report.runs.map((run) => run.results.questions[q]!);
    const verdicts = perRun
      .map((result, i) => {
        const right = result.percentRight === null ? 'no votes' : `${result.percentRight}% right`;
        const who = report.runs.length > 1 ? `${runName(report.runs[i]!, i, 2)}: ` : '';
        return `<span>${who}<strong>${right}</strong> · ${result.voters} ${result.voters === 1 ? 'voter' : 'voters'}</span>`;
      })
      .join('');
    const choices = question.choices.map((choice, c) => {
      const bars = perRun
        .map((result, i) => {
          const count = result.choices[c]?.count ?? 0;
          const share = result.voters === 0 ? 0 : Math.round((count / result.voters) * 100);
          return `<span class="share share-${SERIES[i]?.name ?? 'a'}"><span class="share-track"><span class="share-fill" style="width:${share}%"></span></span><span class="share-text">${count} · ${share}%</span></span>`;
        })
        .join('');
      return `<li class="${choice.correct ? 'is-right' : ''}"><span class="letter">${choiceLetter(c)}</span><span class="choice-text"><bdi>${esc(choice.text)}</bdi>${choice.correct ? ' <span class="right-mark">✓ right answer</span>' : ''}</span><span class="shares">${bars}</span></li>`;
    });
    return `<article class="question">
<h3><span class="poll-id">${esc(question.pollId)}</span> <bdi>${esc(question.prompt)}</bdi></h3>
<p class="verdicts">${verdicts}</p>
<ol class="choices">${choices.join('')}</ol>
</article>`;
  });
  return `<section class="block">
<h2>Questions</h2>
<p class="lead">Each question's answers as the room saw them, lettered A, B, C …, with the share of voters.</p>
${cards.join('')}
</section>`;
}

function rating(report: TalkReport): string {
  const ratings = report.runs.map((run) => run.results.rating);
  const first = ratings[0];
  if (!first) return '';
  const lines = report.runs
    .map((run, i) => {
      const r = ratings[i]!;
      const who = report.runs.length > 1 ? `${runName(run, i, 2)}: ` : '';
      const average = r.average === null ? 'no ratings yet' : `<strong>${r.average.toFixed(2)}</strong> of ${r.scale}`;
      return `<li>${who}${average} · ${r.count} ${r.count === 1 ? 'rating' : 'ratings'}</li>`;
    })
    .join('');
  return `<section class="block rating-block">
<h2>Rating</h2>
<p class="lead">“<bdi>${esc(first.prompt)}</bdi>”${report.runs.length > 1 ? ': ratings per score, each run as shares of its own ratings' : ': ratings per score'}.</p>
<div class="rating-row">${ratingChart(
    ratings.map((r) => r?.histogram ?? []),
    'Ratings per score',
  )}<ul class="rating-lines">${lines}</ul></div>
</section>`;
}

/** Each question's % right in every run, oldest first: a question that keeps failing reads as a row of amber. */
function acrossRuns(report: TalkReport): string {
  const runs = report.allRuns;
  const questions = runs[0]?.questions ?? [];
  if (runs.length < 2 || questions.length === 0) return '';
  const head = runs
    .map(
      (run) =>
        `<th class="num" scope="col">Run ${run.id}${run.rehearsal ? '<br><span class="tag">rehearsal</span>' : ''}</th>`,
    )
    .join('');
  const rows = questions.map((question, q) => {
    const cells = runs
      .map((run) => {
        const value = run.questions[q]?.percentRight ?? null;
        const kind = value === null ? 'even' : value < 50 ? 'over' : '';
        return `<td class="num ${kind}">${value === null ? '–' : `${value}%`}</td>`;
      })
      .join('');
    return `<tr><th scope="row"><span class="poll-id">${esc(question.pollId)}</span> <bdi>${esc(question.prompt)}</bdi></th>${cells}</tr>`;
  });
  return `<section class="block">
<h2>Every run, question by question</h2>
<p class="lead">Right answers in each run, oldest first; under half right in amber.</p>
<table class="pacing across">
<thead><tr><th>Question</th>${head}</tr></thead>
<tbody>${rows.join('')}</tbody>
</table>
</section>`;
}

export function renderReport(report: TalkReport): string {
  if (report.runs.length === 0) {
    return `${header(report)}<p class="empty">Nothing recorded yet: the report fills in once the talk moves past its first slide.</p>`;
  }
  return [
    header(report),
    figures(report),
    pacing(report),
    audience(report),
    slides(report),
    questions(report),
    rating(report),
    acrossRuns(report),
  ]
    .filter(Boolean)
    .join('\n');
}
