/**
 * The code lines a fragment step will light or dim, found ahead of time so the phone can give them
 * layers of their own while it is idle (`is-changing`, see audience.css): the step then changes their
 * opacity on the compositor, and repaints nothing. Which lines are lit at each step is
 * src/shared/fragments.ts's `litCodeLines`, as the step itself lights them.
 */
import { litCodeLines } from '../shared/fragments.ts';

/**
 * The lines whose light changes when `step` (a fragment step's elements, not yet shown) is shown.
 * @returns the lines, marked `is-changing`: unmark them with `forgetChangingLines` once the step is over.
 */
export function markChangingLines(step: HTMLElement[]): HTMLElement[] {
  const added = new Map<HTMLElement, number>();
  for (const fragment of step) {
    const pre = fragment.classList.contains('code-step') ? fragment.closest<HTMLElement>('pre[data-line-steps]') : null;
    if (pre) added.set(pre, (added.get(pre) ?? 0) + 1);
  }
  const changing: HTMLElement[] = [];
  for (const [pre, more] of added) {
    const shown = pre.querySelectorAll('.code-step.visible').length;
    const now = litCodeLines(pre, shown);
    const then = litCodeLines(pre, shown + more);
    for (const line of pre.querySelectorAll<HTMLElement>('.line')) {
      const number = Number(line.dataset.line);
      if (now.has(number) !== then.has(number)) changing.push(line);
    }
  }
  for (const line of changing) line.classList.add('is-changing');
  return changing;
}

export function forgetChangingLines(lines: HTMLElement[]): void {
  for (const line of lines) line.classList.remove('is-changing');
}
