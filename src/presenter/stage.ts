import type { SlidePosition } from '../protocol.ts';
import type { DeckSlide } from '../shared/deckSlides.ts';
import { fitDiagramsIn } from '../shared/diagramFit.ts';
import { el } from '../shared/dom.ts';
import { showFragments } from '../shared/fragments.ts';

/** The deck's slide size: stages scale a slide from it, as reveal does on the projector. */
const SLIDE_WIDTH = 1280;

export interface SlideStage {
  element: HTMLElement;
  /** Shows a slide with the fragments up to `position.f`, or an end card for `null`. */
  show(position: SlidePosition | null): void;
}

/**
 * A slide drawn as the room sees it: the build's own HTML at 1280×720, scaled to the box, with the
 * deck's styles and its fragments shown up to the given step. No reveal.js: it is markup and CSS.
 */
export function slideStage(slides: readonly DeckSlide[], className: string, endText = 'End of the deck'): SlideStage {
  const slidesBox = el('div', { class: 'slides' });
  const frame = el('div', { class: 'reveal' }, [slidesBox]);
  const end = el('p', { class: 'spk-stage-end', text: endText });
  const element = el('div', { class: `spk-stage ${className}` }, [frame, end]);
  const byKey = new Map(slides.map((slide) => [slide.key, slide]));
  let shownKey: string | null = null;
  let section: HTMLElement | null = null;

  new ResizeObserver(([entry]) => {
    if (entry) element.style.setProperty('--scale', String(entry.contentRect.width / SLIDE_WIDTH));
  }).observe(element);

  return {
    element,
    show(position) {
      const key = position ? `${position.h}.${position.v}` : null;
      element.classList.toggle('is-end', key === null);
      if (key !== shownKey) {
        shownKey = key;
        const slide = key ? byKey.get(key) : undefined;
        section = slide ? (slide.section.cloneNode(true) as HTMLElement) : null;
        slidesBox.replaceChildren(...(section ? [section] : []));
        if (section) fitDiagramsIn(section);
      }
      if (section && position) showFragments(section, position.f);
    },
  };
}
