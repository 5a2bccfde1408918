import { isolateText } from '../shared/bidi.ts';
import type { DeckSlide } from '../shared/deckSlides.ts';
import { el } from '../shared/dom.ts';

export interface SlideCard {
  slide: DeckSlide;
  /** Position in reading order, from 0. */
  index: number;
  element: HTMLLIElement;
  /** The slide itself, inside the card: fragments are shown and hidden on it. */
  section: HTMLElement;
  /** The "live" chip in the card's header, switched by its own classes (see audience.css). */
  chip: HTMLElement;
  /** The quiz poll id on this slide, if any. */
  pollId: string | null;
  hasRating: boolean;
}

/**
 * One slide as a card in the phone's feed. The slide's own HTML is kept (it is the build's output,
 * fetched from the same origin), wrapped in `.reveal .slides` so the deck's block styles apply; the
 * projected quiz or rating block is swapped for the phone's own controls.
 */
export function slideCard(
  slide: DeckSlide,
  index: number,
  total: number,
  controls: { quiz?: (pollId: string) => HTMLElement; rating?: () => HTMLElement },
): SlideCard {
  const section = slide.section.cloneNode(true) as HTMLElement;
  isolateText(section);
  const quiz = section.querySelector<HTMLElement>('.lectern-quiz[data-poll]');
  const pollId = quiz?.dataset.poll ?? null;
  if (quiz && pollId && controls.quiz) quiz.replaceWith(controls.quiz(pollId));
  const rating = section.querySelector<HTMLElement>('.lectern-rating');
  if (rating && controls.rating) rating.replaceWith(controls.rating());

  const chip = el('span', { class: 'aud-live-chip', text: 'live' });
  const element = el(
    'li',
    { class: 'aud-card', data: { slide: slide.key }, attrs: { 'aria-label': `Slide ${index + 1} of ${total}` } },
    [
      el('div', { class: 'aud-card-head' }, [
        el('span', { class: 'aud-card-number', text: `${index + 1} / ${total}` }),
        chip,
      ]),
      el('div', { class: 'reveal' }, [el('div', { class: 'slides' }, [section])]),
    ],
  );
  element.hidden = true;
  return { slide, index, element, section, chip, pollId, hasRating: !!rating };
}
