import type { SlidePosition } from '../protocol.ts';

/** What navigation needs to know of a slide. */
export interface StepSlide {
  h: number;
  v: number;
  /** Fragment steps on the slide. */
  fragments: number;
}

const indexOf = (slides: readonly StepSlide[], position: SlidePosition) =>
  slides.findIndex((slide) => slide.h === position.h && slide.v === position.v);

/**
 * One press of "next", as reveal.js does it: the next fragment, else the next slide in reading
 * order (down a vertical stack first, then right) with none of its fragments shown.
 * @returns null at the end of the deck.
 */
export function nextPosition(slides: readonly StepSlide[], position: SlidePosition): SlidePosition | null {
  const index = indexOf(slides, position);
  const slide = slides[index];
  if (slide && position.f < slide.fragments - 1) return { ...position, f: position.f + 1 };
  const following = slides[index + 1];
  return following ? { h: following.h, v: following.v, f: -1 } : null;
}

/**
 * One press of "previous": the previous fragment, else the previous slide with all its fragments
 * shown (reveal shows a slide you step back into as you left it).
 * @returns null at the start of the deck.
 */
export function previousPosition(slides: readonly StepSlide[], position: SlidePosition): SlidePosition | null {
  const index = indexOf(slides, position);
  if (index >= 0 && position.f > -1) return { ...position, f: position.f - 1 };
  const preceding = slides[index - 1];
  return preceding && index > 0 ? { h: preceding.h, v: preceding.v, f: preceding.fragments - 1 } : null;
}
