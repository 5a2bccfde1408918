import { choiceLetter, percent, plural } from '../core/format.ts';
import { textDirection } from '../core/textDirection.ts';
import type { ErrorCode, QuizPollView } from '../protocol.ts';
import { el, setText } from '../shared/dom.ts';
import { describeError } from '../shared/liveConnection.ts';
import type { TalkState } from '../shared/talkState.ts';

export type VoteReply = { ok: true } | { ok: false; error: ErrorCode | 'timeout' };

/**
 * Something appeared that the person should see now: `mine` answers their own tap ("saved", an
 * error), `talk` is the speaker's doing (the reveal).
 */
export type MomentListener = (element: HTMLElement, cause: 'mine' | 'talk') => void;

export interface QuizCard {
  element: HTMLElement;
  update(): void;
}

interface ChoiceRow {
  button: HTMLButtonElement;
  text: HTMLElement;
  mark: HTMLElement;
  share: HTMLElement;
}

/**
 * The phone's voting card for one quiz: the question and big choice buttons. A tap sends the ballot;
 * "saved" appears only once the server acknowledged it (stored), and the choice can change until the
 * poll closes. After the reveal it says right or wrong, marks the right answer, shows the explanation
 * and the room's bars.
 */
export function quizCard(
  pollId: string,
  state: TalkState,
  vote: (pollId: string, choice: number) => Promise<VoteReply>,
  onMoment: MomentListener = () => {},
): QuizCard {
  const status = el('p', { class: 'aud-quiz-status', attrs: { 'aria-live': 'polite' } });
  // Deck text may be in any script: `dir="auto"` isolates it and aligns a right-to-left line right.
  const prompt = el('p', { class: 'aud-quiz-prompt', attrs: { dir: 'auto' } });
  const list = el('ol', { class: 'aud-choices' });
  const feedback = el('p', { class: 'aud-quiz-feedback', attrs: { 'aria-live': 'polite' } });
  // "Why:" is the page's word; the explanation is the deck's, in its own direction.
  const why = el('span', { attrs: { dir: 'auto' } });
  const explanation = el('p', { class: 'aud-quiz-explanation' }, [
    el('strong', { class: 'aud-why', text: 'Why:', attrs: { dir: 'ltr' } }),
    ' ',
    why,
  ]);
  const voters = el('p', { class: 'aud-quiz-voters' });
  /** What the reveal adds, as one box to bring into view. */
  const result = el('div', { class: 'aud-quiz-result' }, [feedback, explanation, voters]);
  const element = el('div', { class: 'aud-quiz', data: { poll: pollId } }, [status, prompt, list, result]);

  let rows: ChoiceRow[] = [];
  /** A tap waiting for its ack. */
  let pending: number | null = null;
  let error: string | null = null;
  let round = -1;
  /** The phase the last update drew; null before the first, so a reload shows a reveal too. */
  let drawnPhase: string | null = null;

  const tap = async (choice: number) => {
    const poll = state.poll(pollId);
    if (poll?.phase !== 'open' || pending === choice) return;
    pending = choice;
    error = null;
    update();
    const reply = await vote(pollId, choice);
    if (pending !== choice) return; // a later tap superseded this one
    pending = null;
    if (reply.ok) state.recordBallot(pollId, choice);
    else error = describeError(reply.error);
    update();
    onMoment(feedback, 'mine');
  };

  const buildRows = (poll: QuizPollView) => {
    list.replaceChildren();
    rows = poll.choices.map((text, index) => {
      const row: ChoiceRow = {
        // The row reads in its text's direction: a right-to-left choice has its letter on the right.
        button: el('button', {
          class: 'aud-choice',
          attrs: { type: 'button', dir: textDirection(text) },
          data: { choice: String(index) },
        }),
        text: el('span', { class: 'aud-choice-text', text, attrs: { dir: 'auto' } }),
        mark: el('span', { class: 'aud-choice-mark' }),
        share: el('span', { class: 'aud-choice-share' }),
      };
      row.button.append(
        el('span', { class: 'aud-choice-bar', attrs: { 'aria-hidden': 'true' } }),
        el('span', { class: 'aud-choice-letter', text: choiceLetter(index) }),
        row.text,
        row.mark,
        row.share,
      );
      row.button.addEventListener('click', () => void tap(index));
      list.append(el('li', {}, [row.button]));
      return row;
    });
  };

  function update(): void {
    const poll = state.poll(pollId);
    if (!poll) return;
    if (rows.length !== poll.choices.length) buildRows(poll);
    if (poll.round !== round) {
      round = poll.round;
      pending = null;
      error = null;
    }
    if (poll.phase !== 'open') pending = null;
    setText(prompt, poll.prompt);
    element.dataset.phase = poll.phase;

    const mine = poll.yourChoice;
    const revealed = poll.phase === 'revealed';
    const tally = poll.tally;
    element.classList.toggle('has-bars', !!tally);
    rows.forEach((row, index) => {
      const chosen = (pending ?? mine) === index;
      const right = revealed && poll.answer === index;
      row.button.disabled = poll.phase !== 'open';
      row.button.setAttribute('aria-pressed', String(chosen));
      row.button.classList.toggle('is-chosen', chosen);
      row.button.classList.toggle('is-pending', pending === index);
      row.button.classList.toggle('is-right', right);
      row.button.classList.toggle('is-wrong', revealed && chosen && !right);
      setText(row.mark, markFor({ chosen, pending: pending === index, revealed, right, open: poll.phase === 'open' }));
      const count = tally?.counts[index] ?? 0;
      const share = tally ? percent(count, tally.voters) : 0;
      row.button.style.setProperty('--share', `${share}%`);
      setText(row.share, tally ? `${share}%` : '');
    });

    setText(status, statusFor(poll));
    setText(feedback, error ?? feedbackFor(poll, pending));
    feedback.classList.toggle('is-error', error !== null);
    feedback.classList.toggle('is-saved', error === null && pending === null && poll.phase === 'open' && mine !== null);
    feedback.classList.toggle('is-right', revealed && poll.correct === true);
    feedback.classList.toggle('is-wrong', revealed && poll.correct === false);
    explanation.hidden = !(revealed && poll.explanation);
    setText(why, revealed && poll.explanation ? poll.explanation : '');
    explanation.dir = textDirection(poll.explanation ?? '');
    setText(voters, tally ? plural(tally.voters, 'answer') : '');
    if (revealed && drawnPhase !== 'revealed') onMoment(result, 'talk');
    drawnPhase = poll.phase;
  }

  return { element, update };
}

function markFor(s: { chosen: boolean; pending: boolean; revealed: boolean; right: boolean; open: boolean }): string {
  if (s.pending) return 'saving…';
  if (s.revealed) return s.right ? '✓' : s.chosen ? '✗' : '';
  if (s.chosen) return s.open ? '✓ saved' : '✓ yours';
  return '';
}

function statusFor(poll: QuizPollView): string {
  switch (poll.phase) {
    case 'open':
      return 'Poll open · tap your answer';
    case 'revealed':
      return 'Answer revealed';
    case 'closed':
      return poll.yourChoice === null ? 'Voting opens when the speaker asks' : 'Voting closed';
  }
}

function feedbackFor(poll: QuizPollView, pending: number | null): string {
  if (pending !== null) return 'Sending your answer…';
  const mine = poll.yourChoice;
  if (poll.phase === 'revealed') {
    if (mine === null) return `You did not vote. The answer is ${choiceLetter(poll.answer ?? 0)}.`;
    return poll.correct ? 'Right! Well done.' : `Not quite. The answer is ${choiceLetter(poll.answer ?? 0)}.`;
  }
  if (mine === null) return '';
  if (poll.phase === 'open') return `Saved: ${choiceLetter(mine)}. You can change it until voting closes.`;
  return `You answered ${choiceLetter(mine)}. Wait for the reveal.`;
}
