import { type DeckPlugin, deckPlugin } from '../plugin.ts';

/**
 * Stepped line highlights without a highlighter in the browser: the build lit the
 * first step and left one empty fragment per further step; showing or hiding one
 * of those moves the lit lines.
 */
function showStep(pre: HTMLElement, step: number): void {
  const steps = JSON.parse(pre.dataset.lineSteps ?? '[]') as number[][];
  const lit = new Set(steps[step] ?? []);
  pre
    .querySelectorAll<HTMLElement>('.line')
    .forEach((line) => line.classList.toggle('hl', lit.has(Number(line.dataset.line))));
  pre.dataset.step = String(step);
}

function onFragment(event: Event, shown: boolean): void {
  const fragments = (event as Event & { fragments?: HTMLElement[] }).fragments ?? [];
  for (const fragment of fragments) {
    if (!fragment.classList.contains('code-step')) continue;
    const pre = fragment.closest<HTMLElement>('pre[data-line-steps]');
    const step = Number(fragment.dataset.codeStep);
    if (pre) showStep(pre, shown ? step : step - 1);
  }
}

export function codeSteps(): DeckPlugin {
  return deckPlugin('lectern-code-steps', (deck, hookups) => {
    hookups.on(deck, 'fragmentshown', (event) => onFragment(event, true));
    hookups.on(deck, 'fragmenthidden', (event) => onFragment(event, false));
  });
}
