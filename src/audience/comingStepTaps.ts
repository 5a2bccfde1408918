/**
 * A step the speaker has not revealed yet lies in its card as a faint blur (`is-coming`, follow.ts),
 * where a person can tap it: a link or button in it must not answer. Stopped here, before the page
 * sees the tap, rather than with `pointer-events: none`: that style would have to go when the step is
 * revealed, and its change repaints the step in the very frame that shows it.
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
