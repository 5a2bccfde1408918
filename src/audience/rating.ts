import { ratingSummaryText } from '../core/format.ts';
import type { ErrorCode } from '../protocol.ts';
import { el, setText } from '../shared/dom.ts';
import { describeError } from '../shared/liveConnection.ts';
import type { TalkState } from '../shared/talkState.ts';
import type { MomentListener } from './vote.ts';

export type RateReply = { ok: true } | { ok: false; error: ErrorCode | 'timeout' };

/**
 * The phone's 1–5 rating: five big stars, "saved" once the server has the score, and the room's
 * average (or "be the first" while nobody has rated). A later tap replaces the earlier score.
 */
export function ratingCard(
  state: TalkState,
  rate: (score: number) => Promise<RateReply>,
  onMoment: MomentListener = () => {},
) {
  const prompt = el('p', { class: 'aud-rating-prompt', attrs: { dir: 'auto' } });
  const stars = el('div', { class: 'aud-stars', attrs: { role: 'group', 'aria-label': 'Your rating' } });
  const feedback = el('p', { class: 'aud-rating-feedback', attrs: { 'aria-live': 'polite' } });
  const summary = el('p', { class: 'aud-rating-summary', attrs: { 'aria-live': 'polite' } });
  /** What a tap changes below the stars, as one box to bring into view. */
  const result = el('div', { class: 'aud-rating-result' }, [feedback, summary]);
  const element = el('div', { class: 'aud-rating' }, [prompt, stars, result]);

  let pending: number | null = null;
  let error: string | null = null;
  let buttons: HTMLButtonElement[] = [];

  const tap = async (score: number) => {
    if (pending === score) return;
    pending = score;
    error = null;
    update();
    const reply = await rate(score);
    if (pending !== score) return;
    pending = null;
    if (reply.ok) state.recordScore(score);
    else error = describeError(reply.error);
    update();
    onMoment(result, 'mine');
  };

  function update(): void {
    const rating = state.rating;
    if (!rating) return;
    if (buttons.length !== rating.scale) {
      buttons = Array.from({ length: rating.scale }, (_, i) => {
        const score = i + 1;
        const button = el(
          'button',
          {
            class: 'aud-star',
            attrs: { type: 'button', 'aria-label': `${score} of ${rating.scale}` },
            data: { score: String(score) },
          },
          [
            el('span', { class: 'aud-star-glyph', text: '★', attrs: { 'aria-hidden': 'true' } }),
            el('span', { class: 'aud-star-number', text: String(score) }),
          ],
        );
        button.addEventListener('click', () => void tap(score));
        return button;
      });
      stars.replaceChildren(...buttons);
    }
    setText(prompt, rating.prompt);
    const shown = pending ?? rating.yourScore ?? 0;
    buttons.forEach((button, i) => {
      button.classList.toggle('is-lit', i < shown);
      button.setAttribute('aria-pressed', String(rating.yourScore === i + 1));
    });
    element.classList.toggle('is-pending', pending !== null);
    setText(
      feedback,
      error ??
        (pending !== null
          ? 'Sending…'
          : rating.yourScore
            ? `Saved: ${rating.yourScore} of ${rating.scale}. Thank you!`
            : 'Tap a star to rate.'),
    );
    feedback.classList.toggle('is-error', error !== null);
    feedback.classList.toggle('is-saved', error === null && pending === null && rating.yourScore !== null);
    setText(summary, ratingSummaryText(rating.summary));
  }

  return { element, update };
}
