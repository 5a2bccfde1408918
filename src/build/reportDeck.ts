import type { LoadedDeck } from './loadDeck.ts';

/** One line per deck in the build log: slides, and how its diagrams were drawn. Its warnings join the layout check's list, printed once at the end. */
export function reportDeck(deck: LoadedDeck): void {
  const { fromCache, rendered, lazy } = deck.diagramReport;
  const diagrams = deck.diagrams.length
    ? ` · diagrams: ${fromCache} cached, ${rendered} rendered now${lazy ? `, ${lazy} left to Mermaid in the page (no browser found)` : ''}`
    : '';
  console.log(
    `lectern: ${deck.manifest.id}: ${deck.manifest.slideCount} slides, ${deck.manifest.polls.length} polls${diagrams}`,
  );
}
