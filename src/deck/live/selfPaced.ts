import type { DeckManifest, QuizPoll } from '../../compile/manifest.ts';
import { choiceLetter } from '../../core/format.ts';
import { el, setText } from '../../shared/dom.ts';
import { type DeckPlugin, deckPlugin } from '../plugin.ts';
import type { DeckRoom } from './room.ts';

const ratingKey = (deck: string) => `lectern:self-rating:${deck}`;

/** The keys are in the manifest beside the static deck (a live server never serves it). */
async function loadQuizzes(): Promise<Map<string, QuizPoll>> {
  const response = await fetch('./manifest.json');
  if (!response.ok) return new Map();
  const manifest = (await response.json()) as DeckManifest;
  return new Map(
    manifest.polls.filter((poll): poll is QuizPoll => poll.kind === 'quiz').map((poll) => [poll.id, poll]),
  );
}

/** Makes a projected choice answerable by click, tap, Enter or Space, without the deck hearing the key. */
function makeAnswerable(item: HTMLElement, answer: () => void): void {
  item.tabIndex = 0;
  item.setAttribute('role', 'button');
  item.addEventListener('click', answer);
  item.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    event.stopPropagation();
    answer();
  });
}

function selfPacedQuiz(root: HTMLElement, quiz: QuizPoll): void {
  const items = [...root.querySelectorAll<HTMLElement>('.quiz-choice')];
  const status = root.querySelector<HTMLElement>('.quiz-status') ?? root.appendChild(el('p', { class: 'quiz-status' }));
  const reset = () => {
    root.dataset.phase = 'open';
    items.forEach((item) => item.classList.remove('is-chosen', 'is-right', 'is-wrong', 'is-dimmed'));
    status.replaceChildren(el('span', { text: 'Pick an answer.' }));
  };
  const answer = (choice: number) => {
    if (root.dataset.phase === 'revealed') return;
    root.dataset.phase = 'revealed';
    const right = choice === quiz.answer;
    items.forEach((item, index) => {
      item.classList.toggle('is-chosen', index === choice);
      item.classList.toggle('is-right', index === quiz.answer);
      item.classList.toggle('is-wrong', index === choice && !right);
      item.classList.toggle('is-dimmed', index !== quiz.answer && index !== choice);
    });
    const again = el('button', { class: 'quiz-again', text: 'Try again', attrs: { type: 'button' } });
    again.addEventListener('click', reset);
    status.replaceChildren(
      el('strong', {
        class: right ? 'quiz-verdict is-right' : 'quiz-verdict is-wrong',
        text: right ? 'Right!' : `Not quite: the answer is ${choiceLetter(quiz.answer)}.`,
      }),
      ` ${quiz.explanation} `,
      again,
    );
  };
  items.forEach((item, index) => makeAnswerable(item, () => answer(index)));
  root.classList.add('is-self-paced');
  reset();
}

function selfPacedRating(root: HTMLElement, deck: string): void {
  const buttons = [...root.querySelectorAll<HTMLButtonElement>('.rating-score')];
  const summary = root.querySelector<HTMLElement>('.rating-summary');
  const show = (score: number | null) => {
    buttons.forEach((button, i) => button.classList.toggle('is-lit', score !== null && i < score));
    if (summary)
      setText(
        summary,
        score === null ? 'be the first' : `Thanks! You rated ${score} of ${buttons.length} (kept on this device).`,
      );
  };
  buttons.forEach((button) =>
    button.addEventListener('click', () => {
      const score = Number(button.dataset.score);
      try {
        localStorage.setItem(ratingKey(deck), String(score));
      } catch {
        // No storage: the rating lasts as long as the page.
      }
      show(score);
    }),
  );
  let kept: number | null = null;
  try {
    kept = Number(localStorage.getItem(ratingKey(deck))) || null;
  } catch {
    kept = null;
  }
  show(kept);
}

/**
 * The deck opened as plain files, with no live server: the quiz works for the one person reading
 * it. Answer, and it says right or wrong at once, with the explanation; no sign-in, nothing sent.
 */
export function selfPaced(room: DeckRoom): DeckPlugin {
  return deckPlugin('lectern-self-paced', (deck, hookups) => {
    const root = deck.getRevealElement() ?? document;
    hookups.keep(
      room.onMode(async (mode) => {
        if (mode !== 'static') return;
        const quizzes = await loadQuizzes().catch(() => new Map<string, QuizPoll>());
        for (const element of root.querySelectorAll<HTMLElement>('.lectern-quiz[data-poll]')) {
          const quiz = quizzes.get(element.dataset.poll!);
          if (quiz) selfPacedQuiz(element, quiz);
        }
        const rating = root.querySelector<HTMLElement>('.lectern-rating');
        if (rating) selfPacedRating(rating, room.deck);
      }),
    );
  });
}
