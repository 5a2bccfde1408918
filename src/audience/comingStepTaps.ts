/**
 * A step the speaker has not revealed yet lies in its card under a cover (`is-coming`, follow.ts),
 * where a person can tap it: a link or button in it must not answer. Stopped here, before the page
 * sees the tap, rather than with `pointer-events: none` on the step: that style would have to go when
 * the step is revealed, and its change repaints the step in the very frame that shows it. (The cover
 * itself takes no taps at all, so a step once shown answers them at once.)
 */
const UNREVEALED = '.fragment.is-coming:not(.visible)';

export function swallowTapsOnComingSteps(): void {
  const swallow = (event: Event) => {
    if (!(event.target instanceof Element) || !event.target.closest(UNREVEALED)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
  };
  // The capture phase on the window runs before any listener in the page, and `click` is what a tap
  // sets off links and buttons with.
  addEventListener('click', swallow, { capture: true });
}
