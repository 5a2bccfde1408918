/**
 * Adjustments to reveal's print view that run inside the deck's page once it has laid out its pages.
 * Each function is passed to `page.evaluate`, so it must stand alone: no imports at run time, no closures.
 */

/**
 * Stepped code highlights are moved by a deck plugin on `fragmentshown`, which the print view never
 * fires. With one page per step each page lights the lines of its last shown step; with one page per
 * slide no line is dimmed, since on paper every line is read.
 */
export function settleCodeSteps(separateFragments: boolean): void {
  for (const pre of document.querySelectorAll<HTMLElement>('.pdf-page pre[data-line-steps]')) {
    if (!separateFragments) {
      pre.classList.remove('has-highlights');
      continue;
    }
    const steps = JSON.parse(pre.dataset.lineSteps ?? '[]') as number[][];
    const shown = [...pre.querySelectorAll<HTMLElement>('.code-step.visible')].map((step) =>
      Number(step.dataset.codeStep),
    );
    const lit = new Set(steps[Math.max(0, ...shown)] ?? []);
    for (const line of pre.querySelectorAll<HTMLElement>('.line'))
      line.classList.toggle('hl', lit.has(Number(line.dataset.line)));
  }
}

/**
 * `--notes`: every page grows a band under the slide, as tall as the longest notes need, and reveal's
 * notes box moves into it (`themes/print.css`). One page size for the whole file keeps viewers calm.
 * Returns the page height in CSS px.
 */
export function layOutNotes(slide: { width: number; height: number }): number {
  const notes = [...document.querySelectorAll<HTMLElement>('.speaker-notes-pdf')];
  const band = Math.ceil(Math.max(120, ...notes.map((n) => n.scrollHeight)) / 10) * 10;
  const height = slide.height + band;
  document.documentElement.style.setProperty('--notes-band', `${band}px`);
  for (const page of document.querySelectorAll<HTMLElement>('.pdf-page')) page.style.height = `${height}px`;
  const style = document.createElement('style');
  // Appended after reveal's own @page rule, so this one wins.
  style.textContent = `@page { size: ${slide.width}px ${height}px; margin: 0; }`;
  document.head.append(style);
  return height;
}
