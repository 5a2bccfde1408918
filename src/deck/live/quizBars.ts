import { choiceLetter, percent, plural, ratingSummaryText } from '../../core/format.ts';
import { barsShown } from '../../core/visibility.ts';
import type { QuizPollView } from '../../protocol.ts';
import { el, setText } from '../../shared/dom.ts';
import { type DeckPlugin, deckPlugin } from '../plugin.ts';
import { ratingResult } from './ratingResult.ts';
import type { DeckRoom } from './room.ts';

interface QuizView {
  root: HTMLElement;
  choices: { item: HTMLElement; share: HTMLElement }[];
  status: HTMLElement | null;
}

/** Adds the bar and percentage each projected choice needs; the build's markup stays as it is. */
function decorate(root: HTMLElement): QuizView {
  const choices = [...root.querySelectorAll<HTMLElement>('.quiz-choice')].map((item) => {
    const share = el('span', { class: 'quiz-share' });
    item.prepend(el('span', { class: 'quiz-bar', attrs: { 'aria-hidden': 'true' } }));
    item.append(share);
    return { item, share };
  });
  return { root, choices, status: root.querySelector<HTMLElement>('.quiz-status') };
}

function statusText(poll: QuizPollView): string {
  const answers = poll.answers !== undefined ? plural(poll.answers, 'answer') : '';
  switch (poll.phase) {
    case 'open':
      return ['Poll open · answer on your phone', answers].filter(Boolean).join(' · ');
    case 'closed':
      return poll.round === 0 && !poll.answers ? '' : ['Voting closed', answers].filter(Boolean).join(' · ');
    case 'revealed':
      return `Answer ${choiceLetter(poll.answer ?? 0)}${poll.explanation ? ` · ${poll.explanation}` : ''}${answers ? ` · ${answers}` : ''}`;
  }
}

function render(view: QuizView, poll: QuizPollView): void {
  const bars = barsShown(poll) && !!poll.tally;
  const revealed = poll.phase === 'revealed';
  view.root.dataset.phase = poll.phase;
  view.root.classList.toggle('has-bars', bars);
  view.choices.forEach(({ item, share }, index) => {
    const count = poll.tally?.counts[index] ?? 0;
    const value = bars ? percent(count, poll.tally!.voters) : 0;
    item.style.setProperty('--share', `${value}%`);
    setText(share, bars ? `${value}%` : '');
    item.classList.toggle('is-right', revealed && poll.answer === index);
    item.classList.toggle('is-dimmed', revealed && poll.answer !== index);
  });
  if (view.status) setText(view.status, statusText(poll));
}

/**
 * Quiz slides on a live deck: the number of answers as they come in, and bars that stay hidden until
 * the presenter shows them or reveals (until then the server sends this page no tallies, and no answer
 * before the reveal). The reveal marks the right answer. The rating slide shows the room's
 * average and how the scores spread.
 */
export function quizBars(room: DeckRoom): DeckPlugin {
  return deckPlugin('lectern-quiz-bars', (deck, hookups) => {
    const root = deck.getRevealElement() ?? document;
    hookups.keep(
      room.onMode((mode) => {
        if (mode !== 'live') return;
        const views = new Map<string, QuizView>();
        for (const quiz of root.querySelectorAll<HTMLElement>('.lectern-quiz[data-poll]'))
          views.set(quiz.dataset.poll!, decorate(quiz));
        const rating = root.querySelector<HTMLElement>('.lectern-rating');
        rating?.querySelectorAll('button').forEach((button) => (button.disabled = true));
        const ratingView = rating ? ratingResult(rating) : null;

        const update = () => {
          for (const poll of room.state.allPolls) {
            const view = views.get(poll.id);
            if (view) render(view, poll);
          }
          const summary = room.state.rating?.summary;
          if (rating && summary) {
            // The average is drawn large beside the columns; the line under them says how many rated.
            const count = summary.count > 0 ? plural(summary.count, 'rating') : ratingSummaryText(summary);
            setText(rating.querySelector('.rating-summary') ?? rating, count);
            ratingView?.update(summary);
          }
        };
        hookups.keep(room.state.subscribe(update));
        update();
      }),
    );
  });
}
