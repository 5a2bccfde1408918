/**
 * Fragments on a slide shown outside reveal.js (phone, speaker view): the same order reveal uses
 * (`data-fragment-index` when present, else document order) and the same code-step highlights.
 */

/** The slide's fragments grouped by step, in order. */
export function fragmentSteps(slide: ParentNode): HTMLElement[][] {
  const fragments = [...slide.querySelectorAll<HTMLElement>('.fragment')];
  const steps = new Map<number, HTMLElement[]>();
  let next = 0;
  for (const fragment of fragments) {
    const explicit = fragment.dataset.fragmentIndex;
    const index = explicit !== undefined && explicit !== '' ? Number(explicit) : next;
    next = Math.max(next, index + 1);
    steps.set(index, [...(steps.get(index) ?? []), fragment]);
  }
  return [...steps.keys()].sort((a, b) => a - b).map((key) => steps.get(key)!);
}

/**
 * Shows the steps up to `f` (reveal's fragment index: -1 shows none) and hides the rest, marking
 * them with `visible` as reveal does, and lights the code lines of the last shown code step. Only the
 * code blocks whose steps changed are lit again (a slide's HTML comes with its first step lit): a
 * bullet shown on a phone does not walk the slide for code.
 * @param f steps to show; Infinity shows them all.
 * @param steps the slide's `fragmentSteps`, when the caller keeps them: a slide's fragments do not change.
 */
export function showFragments(slide: HTMLElement, f: number, steps = fragmentSteps(slide)): void {
  const changedCode = new Set<HTMLElement>();
  steps.forEach((step, index) => {
    const show = index <= f;
    for (const fragment of step) {
      if (fragment.classList.contains('visible') === show) continue;
      fragment.classList.toggle('visible', show);
      const pre = fragment.classList.contains('code-step')
        ? fragment.closest<HTMLElement>('pre[data-line-steps]')
        : null;
      if (pre) changedCode.add(pre);
    }
  });
  for (const pre of changedCode) lightCodeStep(pre, pre.querySelectorAll('.code-step.visible').length);
}

/** The lines a code block lights once `shown` of its code steps are visible (`data-line-steps[shown]`). */
export function litCodeLines(pre: HTMLElement, shown: number): Set<number> {
  try {
    const steps = JSON.parse(pre.dataset.lineSteps ?? '[]') as number[][];
    return new Set(steps[shown] ?? []);
  } catch {
    return new Set();
  }
}

function lightCodeStep(pre: HTMLElement, step: number): void {
  const lit = litCodeLines(pre, step);
  pre
    .querySelectorAll<HTMLElement>('.line')
    .forEach((line) => line.classList.toggle('hl', lit.has(Number(line.dataset.line))));
}
