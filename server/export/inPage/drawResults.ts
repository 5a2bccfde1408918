/**
 * Runs inside the deck's page, after reveal's print view has laid out the pages: draws the room's
 * results onto the poll slides with plain DOM (bars are styled by `themes/print.css`). Every copy of a
 * slide is drawn, since `--fragments` prints a slide once per step. Its class names start with
 * `result-`, apart from the live quiz bars' own (`themes/room.css`), which stay off in the print view.
 *
 * It is passed to `page.evaluate`, so it must stand alone: no imports at run time, no closures.
 */
import type { TalkResults } from '../../../src/protocol.ts';

export function drawResults(results: TalkResults): void {
  const letter = (index: number) => String.fromCharCode(65 + index);
  const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);
  const element = (tag: string, className: string, text?: string) => {
    const node = document.createElement(tag);
    node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  for (const question of results.questions) {
    const quizzes = document.querySelectorAll<HTMLElement>(`.lectern-quiz[data-poll="${CSS.escape(question.pollId)}"]`);
    const answer = question.choices.findIndex((choice) => choice.correct);
    for (const quiz of quizzes) {
      quiz.classList.add('has-results');
      question.choices.forEach((choice, i) => {
        const item = quiz.querySelector<HTMLElement>(`.quiz-choice[data-choice="${i}"]`);
        if (!item) return;
        const share = percent(choice.count, question.voters);
        item.classList.toggle('result-right', choice.correct);
        const bar = element('span', 'result-bar');
        bar.style.width = `${share}%`;
        item.prepend(bar);
        item.append(element('span', 'result-count', `${choice.count} · ${share}%`));
      });
      const status = quiz.querySelector<HTMLElement>('.quiz-status') ?? quiz.appendChild(element('p', 'quiz-status'));
      const turnout =
        question.percentRight === null
          ? 'no votes'
          : `${question.voters} ${question.voters === 1 ? 'voter' : 'voters'} · ${question.percentRight}% right`;
      status.textContent = answer >= 0 ? `${turnout} · answer ${letter(answer)}` : turnout;
      status.classList.add('result-summary');
    }
  }

  const rating = results.rating;
  if (rating) {
    const blocks = document.querySelectorAll<HTMLElement>('.lectern-rating');
    const widest = Math.max(1, ...rating.histogram);
    for (const block of blocks) {
      block.classList.add('has-results');
      const summary =
        block.querySelector<HTMLElement>('.rating-summary') ?? block.appendChild(element('p', 'rating-summary'));
      const count = `${rating.count} ${rating.count === 1 ? 'rating' : 'ratings'}`;
      summary.textContent =
        rating.average === null ? 'no ratings' : `${rating.average.toFixed(1)} / ${rating.scale} · ${count}`;
      summary.classList.add('result-summary');
      const histogram = element('div', 'rating-histogram');
      rating.histogram.forEach((votes, i) => {
        const row = element('div', 'rating-row');
        const track = element('span', 'rating-track');
        const bar = element('span', 'result-bar');
        bar.style.width = `${(votes / widest) * 100}%`;
        track.append(bar);
        row.append(
          element('span', 'rating-label', String(i + 1)),
          track,
          element('span', 'result-count', String(votes)),
        );
        histogram.append(row);
      });
      summary.after(histogram);
    }
  }
}
