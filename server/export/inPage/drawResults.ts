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

  // "Lost me": a quiet note in the top-right corner of each slide someone was lost on.
  for (const lost of results.lostMe ?? []) {
    const sections = document.querySelectorAll<HTMLElement>(`.pdf-page > section[data-slide="${lost.h}.${lost.v}"]`);
    for (const section of sections) {
      section.append(element('p', 'result-lost', `${lost.count} ${lost.count === 1 ? 'phone' : 'phones'}: lost me`));
    }
  }

  // The room's questions on a page of their own after the last slide, most votes first. Their text
  // is set as text, so markup typed on a phone prints as the characters it is.
  const asked = results.audienceQuestions ?? [];
  const lastPage = [...document.querySelectorAll<HTMLElement>('.pdf-page')].at(-1);
  if (asked.length > 0 && lastPage) {
    const PER_PAGE = 12;
    const STATE: Record<string, string> = {
      pending: 'not approved',
      approved: '',
      answered: 'answered',
      hidden: 'hidden',
    };
    let after = lastPage;
    for (let start = 0; start < asked.length; start += PER_PAGE) {
      const page = lastPage.cloneNode(false) as HTMLElement;
      const section = element('section', 'slide result-questions');
      const title = start === 0 ? `Questions from the room (${asked.length})` : 'Questions from the room, continued';
      section.append(element('h2', 'result-questions-title', title));
      const list = element('ol', 'result-questions-list');
      for (const question of asked.slice(start, start + PER_PAGE)) {
        const item = element('li', `result-question is-${question.state}`);
        item.append(element('span', 'result-question-votes', `▲ ${question.votes}`));
        const body = element('div', 'result-question-body');
        const text = element('p', 'result-question-text', question.text);
        text.dir = 'auto';
        const meta = [question.name ?? 'anonymous', STATE[question.state] ?? question.state]
          .filter(Boolean)
          .join(' · ');
        body.append(text, element('p', 'result-question-meta', meta));
        item.append(body);
        list.append(item);
      }
      section.append(list);
      page.append(section);
      after.after(page);
      after = page;
    }
  }
}
