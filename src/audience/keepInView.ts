/** The part of the page the person sees, in page coordinates (px from the top of the document). */
export interface Viewport {
  scrollY: number;
  /** Where content starts to be visible: under the sticky header, plus a little air. */
  top: number;
  /** The window's height. */
  height: number;
  /** Air kept under something brought up from below. */
  bottomMargin: number;
}

/** A box in page coordinates. */
export interface Span {
  top: number;
  bottom: number;
}

/**
 * Where to scroll so a card sits near the top of the screen and `part` of it (a new fragment, the
 * vote's feedback) is whole on screen. A part already whole on screen moves nothing (null), so the
 * feed never jumps under a reader's thumb for no reason. When card and part do not both fit, the part
 * wins; when the part alone is taller than the screen, its start does.
 * @returns the scroll position to go to, or null to stay.
 */
export function scrollTargetFor(view: Viewport, card: Span, part?: Span): number | null {
  const visibleBottom = (y: number) => y + view.height - view.bottomMargin;
  if (part && part.top >= view.scrollY + view.top && part.bottom <= visibleBottom(view.scrollY)) return null;
  let target = card.top - view.top;
  if (!part) return target;
  if (part.bottom > visibleBottom(target)) target = part.bottom - (view.height - view.bottomMargin);
  if (part.top < target + view.top) target = part.top - view.top;
  return target;
}
