import type { TalkPlan } from '../core/plan.ts';
import type { SlidePosition } from '../protocol.ts';
import type { DeckSlide } from '../shared/deckSlides.ts';
import { el, setText } from '../shared/dom.ts';
import { groupSlides } from './overviewGroups.ts';
import { slideStage } from './stage.ts';

export interface Overview {
  element: HTMLElement;
  readonly open: boolean;
  /** Opens the overview on the current slide, with the number field ready for typing. */
  show(current: SlidePosition): void;
  hide(): void;
}

/**
 * Every slide at a glance, grouped by section with its minutes, to jump anywhere in the talk (the
 * knowledge check, back to a diagram someone asks about) in one click, or by typing its number.
 * Jumping goes through `jump`, which moves the talk the way Prev/Next do: through the server, so the
 * projector and the phones follow. Thumbnails are drawn the first time the overview opens.
 */
export function overviewPanel(
  plan: TalkPlan,
  slides: readonly DeckSlide[],
  jump: (position: SlidePosition) => void,
): Overview {
  const total = plan.slides.length;
  const field = el('input', {
    class: 'spk-goto-field',
    attrs: {
      type: 'number',
      min: '1',
      max: String(total),
      inputmode: 'numeric',
      'aria-label': `Slide number, 1 to ${total}`,
      placeholder: '#',
    },
  });
  const goButton = el('button', { class: 'spk-button is-primary', text: 'Go', attrs: { type: 'submit' } });
  const error = el('span', { class: 'spk-goto-error', attrs: { 'aria-live': 'polite' } });
  const form = el('form', { class: 'spk-goto' }, [
    el('label', { text: 'Go to slide' }),
    field,
    el('span', { class: 'spk-goto-total', text: `of ${total}` }),
    goButton,
    error,
  ]);
  const close = el('button', {
    class: 'spk-button',
    text: 'Close',
    attrs: { type: 'button', 'aria-label': 'Close the overview' },
  });
  const body = el('div', { class: 'spk-overview-body' });
  const element = el(
    'section',
    { class: 'spk-overview', attrs: { role: 'dialog', 'aria-label': 'All slides', 'aria-modal': 'true' } },
    [
      el('header', { class: 'spk-overview-head' }, [
        el('h2', { text: 'All slides' }),
        form,
        el('span', { class: 'spk-keyhint', text: 'Esc closes' }),
        close,
      ]),
      body,
    ],
  );
  element.hidden = true;

  const byKey = new Map(slides.map((slide) => [slide.key, slide]));
  const tiles = new Map<string, HTMLButtonElement>();
  let drawn = false;
  let isOpen = false;

  const draw = () => {
    drawn = true;
    const openers = new Map<string, string>();
    for (const slide of slides) {
      const opens = slide.section.classList.contains('slide-section-start') && !slide.section.dataset.section;
      // An opener names its part in its own meta line (it has no kicker line above it).
      const title = slide.section.querySelector('.opener-name, .kicker-text')?.textContent?.trim();
      if (opens && title) openers.set(slide.key, title);
    }
    body.replaceChildren(
      ...groupSlides(plan, openers).map((group) => {
        const minutes = group.minutes === null ? 'untimed' : `${group.minutes} min`;
        const first = group.slides[0]?.number ?? 0;
        const last = group.slides.at(-1)?.number ?? 0;
        const head = el('header', { class: 'spk-group-head' }, [
          group.number === null
            ? null
            : el('span', { class: 'spk-group-number', text: String(group.number).padStart(2, '0') }),
          el('h3', { text: group.title, attrs: { dir: 'auto' } }),
          el('span', { class: 'spk-group-minutes', text: minutes }),
          el('span', { class: 'spk-group-range', text: first === last ? `slide ${first}` : `slides ${first}–${last}` }),
        ]);
        const grid = el(
          'ol',
          { class: 'spk-tiles' },
          group.slides.map(({ info, number }) => {
            const key = `${info.h}.${info.v}`;
            const stage = slideStage(byKey.has(key) ? [byKey.get(key)!] : [], 'is-thumb');
            stage.show({ h: info.h, v: info.v, f: Number.POSITIVE_INFINITY });
            const tag = info.poll
              ? el('span', {
                  class: 'spk-tile-tag',
                  text: info.poll === 'rating' ? 'rating' : `quiz ${info.poll.toUpperCase()}`,
                })
              : null;
            const tile = el(
              'button',
              {
                class: 'spk-tile',
                attrs: { type: 'button', 'aria-label': `Slide ${number}: ${info.title}` },
                data: { slide: key },
              },
              [
                stage.element,
                el('span', { class: 'spk-tile-caption' }, [
                  el('span', { class: 'spk-tile-number', text: String(number) }),
                  el('span', { class: 'spk-tile-title', text: info.title, attrs: { dir: 'auto' } }),
                  tag,
                ]),
              ],
            );
            tile.addEventListener('click', () => go(number));
            tiles.set(key, tile);
            return el('li', {}, [tile]);
          }),
        );
        return el('section', { class: 'spk-group', attrs: { 'aria-label': `${group.title}, ${minutes}` } }, [
          head,
          grid,
        ]);
      }),
    );
  };

  /** Goes to slide `number` (1-based, reading order); false when there is no such slide. */
  const go = (number: number): boolean => {
    const info = plan.slides[number - 1];
    if (!Number.isInteger(number) || !info) return false;
    jump({ h: info.h, v: info.v, f: -1 });
    hide();
    return true;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const number = Number(field.value);
    if (go(number)) setText(error, '');
    else setText(error, `No slide ${field.value || ''}: 1 to ${total}`.replace('  ', ' '));
  });
  close.addEventListener('click', () => hide());
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      hide();
    }
  });

  function hide(): void {
    if (!isOpen) return;
    isOpen = false;
    element.hidden = true;
    document.body.classList.remove('has-overview');
  }

  return {
    element,
    get open() {
      return isOpen;
    },
    show(current) {
      if (!drawn) draw();
      isOpen = true;
      element.hidden = false;
      document.body.classList.add('has-overview');
      const key = `${current.h}.${current.v}`;
      for (const [tileKey, tile] of tiles) {
        tile.classList.toggle('is-current', tileKey === key);
        if (tileKey === key) tile.setAttribute('aria-current', 'step');
        else tile.removeAttribute('aria-current');
      }
      field.value = '';
      setText(error, '');
      field.focus();
      tiles.get(key)?.scrollIntoView({ block: 'center' });
    },
    hide,
  };
}
