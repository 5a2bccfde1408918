/**
 * Waits, inside the deck's page, until reveal's print view is laid out and everything on it is
 * drawn. It is passed to `page.evaluate`, so it must stand alone: no imports at run time, no closures.
 * `window.__lecternPdfReady` is set by the init script in server/export/printDeck.ts.
 */
export async function printReady(): Promise<void> {
  await (window as unknown as { __lecternPdfReady: Promise<void> }).__lecternPdfReady;
  await document.fonts.ready;
  // Diagrams drawn at build time are inline SVG already; a lazy one (no cache, no browser at build
  // time) is drawn by Mermaid in the page, and the print view asks for all of them at once.
  const pending = () =>
    [...document.querySelectorAll('.diagram')].filter((d) => !d.querySelector('svg')).length +
    [...document.images].filter((img) => !img.complete).length;
  while (pending() > 0) await new Promise((resolve) => setTimeout(resolve, 25));
  // Fonts first used by a late diagram, then one frame so the last layout is painted.
  await document.fonts.ready;
  await new Promise(requestAnimationFrame);
}
