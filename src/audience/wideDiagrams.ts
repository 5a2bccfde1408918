/**
 * Marks each diagram on the phone that is wider than its card (`is-wide`), so only those fade out at
 * the edge they continue past (audience.css). The fades follow the diagram's own scroll timeline, but
 * a diagram that stops overflowing (a phone turned to landscape) leaves that timeline inactive, and
 * Chromium then keeps the fade it last had: the mark takes the fades away instead.
 */
export function watchWideDiagrams(root: ParentNode): void {
  // Sizes are read in the observer's callback, after the frame's layout: no layout is forced.
  const observer = new ResizeObserver((entries) => {
    for (const entry of entries) {
      const diagram = entry.target.closest<HTMLElement>('.diagram');
      if (!diagram) continue;
      const wide = diagram.scrollWidth > diagram.clientWidth + 1;
      if (diagram.classList.contains('is-wide') !== wide) diagram.classList.toggle('is-wide', wide);
    }
  });
  // The diagram's box changes with the card's width; its drawing, with the diagram's own size.
  for (const diagram of root.querySelectorAll<HTMLElement>('.diagram')) {
    observer.observe(diagram);
    const drawing = diagram.querySelector('svg');
    if (drawing) observer.observe(drawing);
  }
}
