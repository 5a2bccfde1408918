import { choiceLetter, percent, plural, ratingSummaryText } from '../core/format.ts';
import { barsShown } from '../core/visibility.ts';
import type { ClientEventName, QuizPollView } from '../protocol.ts';
import { el, setText } from '../shared/dom.ts';
import { describeError, type LiveConnection } from '../shared/liveConnection.ts';
import type { TalkState } from '../shared/talkState.ts';

type PollCommand = Extract<ClientEventName, 'poll:open' | 'poll:close' | 'poll:reveal' | 'poll:reset'>;

interface PollCard {
  element: HTMLElement;
  update(poll: QuizPollView, current: boolean): void;
}

const PHASE_LABEL = { closed: 'closed', open: 'voting open', revealed: 'revealed' } as const;

/**
 * One quiz poll for the speaker: its live tallies (always, with the right answer marked: the
 * presenter may know), whether the room sees the bars, and the controls. Reset clears every ballot,
 * so it asks for a second press.
 */
function pollCard(
  poll: QuizPollView,
  send: (event: PollCommand | 'poll:show-results', pollId: string, show?: boolean) => Promise<string | null>,
): PollCard {
  const phase = el('span', { class: 'spk-phase' });
  const voters = el('span', { class: 'spk-voters' });
  const rows = poll.choices.map((text, index) => {
    const share = el('span', { class: 'spk-bar-share' });
    const count = el('span', { class: 'spk-bar-count' });
    const row = el('li', { class: 'spk-bar' }, [
      el('span', { class: 'spk-bar-fill', attrs: { 'aria-hidden': 'true' } }),
      el('span', { class: 'spk-bar-letter', text: choiceLetter(index) }),
      el('span', { class: 'spk-bar-text', text, attrs: { dir: 'auto' } }),
      count,
      share,
    ]);
    return { row, share, count };
  });
  const error = el('p', { class: 'spk-error', attrs: { 'aria-live': 'polite' } });
  const button = (label: string, className = '') =>
    el('button', { class: `spk-button ${className}`.trim(), text: label, attrs: { type: 'button' } });
  const open = button('Open voting', 'is-primary');
  const close = button('Close voting');
  const bars = button('Show bars');
  const reveal = button('Reveal answer', 'is-accent');
  const reset = button('Reset');
  const element = el('article', { class: 'spk-poll', data: { poll: poll.id } }, [
    el('header', { class: 'spk-poll-head' }, [
      el('span', { class: 'spk-poll-id', text: poll.id.toUpperCase() }),
      phase,
      voters,
    ]),
    el('p', { class: 'spk-poll-prompt', text: poll.prompt, attrs: { dir: 'auto' } }),
    el(
      'ol',
      { class: 'spk-bars' },
      rows.map((r) => r.row),
    ),
    el('div', { class: 'spk-poll-actions' }, [open, close, bars, reveal, reset]),
    error,
  ]);

  let current = poll;
  let confirmReset: ReturnType<typeof setTimeout> | null = null;
  const run = async (event: PollCommand | 'poll:show-results', show?: boolean) => {
    setText(error, '');
    element.classList.add('is-busy');
    const failure = await send(event, current.id, show);
    element.classList.remove('is-busy');
    setText(error, failure ?? '');
  };
  open.addEventListener('click', () => void run('poll:open'));
  close.addEventListener('click', () => void run('poll:close'));
  reveal.addEventListener('click', () => void run('poll:reveal'));
  bars.addEventListener('click', () => void run('poll:show-results', !current.showResults));
  reset.addEventListener('click', () => {
    if (!confirmReset) {
      setText(reset, 'Clear all votes?');
      reset.classList.add('is-danger');
      confirmReset = setTimeout(() => {
        confirmReset = null;
        setText(reset, 'Reset');
        reset.classList.remove('is-danger');
      }, 3000);
      return;
    }
    clearTimeout(confirmReset);
    confirmReset = null;
    setText(reset, 'Reset');
    reset.classList.remove('is-danger');
    void run('poll:reset');
  });

  return {
    element,
    update(poll, isCurrent) {
      current = poll;
      element.dataset.phase = poll.phase;
      element.classList.toggle('is-current', isCurrent);
      element.classList.toggle('is-shown', barsShown(poll));
      setText(phase, PHASE_LABEL[poll.phase]);
      const tally = poll.tally ?? { counts: poll.choices.map(() => 0), voters: 0 };
      setText(voters, plural(tally.voters, 'answer'));
      rows.forEach(({ row, share, count }, index) => {
        const value = percent(tally.counts[index] ?? 0, tally.voters);
        row.style.setProperty('--share', `${value}%`);
        row.classList.toggle('is-answer', poll.answer === index);
        setText(count, String(tally.counts[index] ?? 0));
        setText(share, `${value}%`);
      });
      open.disabled = poll.phase !== 'closed';
      close.disabled = poll.phase !== 'open';
      reveal.disabled = poll.phase === 'revealed';
      bars.disabled = poll.phase === 'revealed';
      setText(bars, poll.showResults ? 'Hide bars' : 'Show bars');
      bars.setAttribute('aria-pressed', String(poll.showResults));
    },
  };
}

/**
 * Every quiz poll of the deck with its controls, the one on the current slide first and marked,
 * and the rating's summary.
 */
export function pollsPanel(state: TalkState, connection: LiveConnection) {
  const list = el('div', { class: 'spk-poll-list' });
  const ratingSummary = el('p', { class: 'spk-rating-summary' });
  const histogram = el('ol', { class: 'spk-histogram' });
  const rating = el('section', { class: 'spk-rating' }, [el('h3', { text: 'Rating' }), ratingSummary, histogram]);
  const element = el('section', { class: 'spk-polls', attrs: { 'aria-label': 'Polls' } }, [
    el('header', { class: 'spk-panel-head' }, [el('h2', { text: 'Polls' })]),
    list,
    rating,
  ]);
  const cards = new Map<string, PollCard>();

  const send = async (
    event: PollCommand | 'poll:show-results',
    pollId: string,
    show?: boolean,
  ): Promise<string | null> => {
    const reply =
      event === 'poll:show-results'
        ? await connection.request(event, { pollId, show: !!show })
        : await connection.request(event, { pollId });
    if (!reply.ok) return describeError(reply.error);
    // The sender gets the poll delta too; a fresh snapshot is not needed.
    return null;
  };

  /** The poll that matters now: on the current slide, else the open one. */
  const focusPoll = (slide: { h: number; v: number } | null): QuizPollView | undefined =>
    (slide && state.pollOnSlide(slide.h, slide.v)) || state.allPolls.find((poll) => poll.phase === 'open');

  let lastFocus: string | null = null;
  return {
    element,
    /** Re-renders for the slide the speaker view shows. */
    update(slide: { h: number; v: number } | null) {
      const focus = focusPoll(slide);
      for (const poll of state.allPolls) {
        let card = cards.get(poll.id);
        if (!card) {
          card = pollCard(poll, send);
          cards.set(poll.id, card);
        }
        card.update(poll, poll.id === focus?.id);
      }
      // Current poll first, the rest in deck order.
      const ordered = [...state.allPolls].sort((a, b) => Number(b.id === focus?.id) - Number(a.id === focus?.id));
      const elements = ordered.map((poll) => cards.get(poll.id)!.element);
      if (elements.some((node, i) => list.children[i] !== node)) list.replaceChildren(...elements);
      element.classList.toggle('has-polls', state.allPolls.length > 0);
      if (focus && focus.id !== lastFocus) list.scrollTop = 0;
      lastFocus = focus?.id ?? null;

      const summary = state.rating?.summary;
      rating.hidden = !state.rating;
      if (summary) {
        setText(ratingSummary, ratingSummaryText(summary));
        const max = Math.max(1, ...summary.histogram);
        if (histogram.children.length !== summary.histogram.length) {
          histogram.replaceChildren(
            ...summary.histogram.map((_, i) =>
              el('li', {}, [
                el('span', { class: 'spk-hist-label', text: `${i + 1}★` }),
                el('span', { class: 'spk-hist-bar' }),
                el('span', { class: 'spk-hist-count' }),
              ]),
            ),
          );
        }
        summary.histogram.forEach((count, i) => {
          const item = histogram.children[i] as HTMLElement;
          item.style.setProperty('--share', `${(count / max) * 100}%`);
          setText(item.querySelector('.spk-hist-count')!, String(count));
        });
      }
    },
    /** The focused poll's id, for keyboard shortcuts. */
    focused(slide: { h: number; v: number } | null): QuizPollView | undefined {
      return focusPoll(slide);
    },
    send,
  };
}
