// Mermaid's prebuilt bundle (see vendor/mermaid/README.md), emitted as a file of its own: only its URL is
// bundled, and only when a deck has a diagram the build could not draw (null otherwise).
import mermaidBundleUrl from 'virtual:lectern/mermaid-fallback';
import { prepareDiagramSvg } from '../../core/diagramSvg.ts';
import { MERMAID_CONFIG } from '../../core/mermaidConfig.ts';
import { fitDiagramsIn } from '../../shared/diagramFit.ts';
import { type DeckPlugin, deckPlugin } from '../plugin.ts';

interface Mermaid {
  initialize(config: unknown): void;
  render(id: string, source: string): Promise<{ svg: string }>;
}

let mermaidLoaded: Promise<Mermaid> | null = null;

/** The bundle sets `window.mermaid`; a same-origin script, so a strict CSP lets it run. */
function loadMermaid(): Promise<Mermaid> {
  mermaidLoaded ??= new Promise((resolve, reject) => {
    if (!mermaidBundleUrl) return reject(new Error('lectern: this build has no Mermaid fallback'));
    const script = document.createElement('script');
    script.src = mermaidBundleUrl;
    script.onload = () => resolve((window as unknown as { mermaid: Mermaid }).mermaid);
    script.onerror = () => reject(new Error('lectern: Mermaid could not be loaded'));
    document.head.append(script);
  });
  return mermaidLoaded;
}

/**
 * The fallback when the build had neither a cached SVG nor a browser: Mermaid is
 * fetched only if a slide with such a diagram is shown, so decks whose diagrams
 * were drawn at build time never load it.
 */
async function drawIn(root: ParentNode): Promise<void> {
  const pending = [...root.querySelectorAll<HTMLElement>('.diagram-lazy:not([data-drawn])')];
  if (pending.length === 0) return;
  const mermaid = await loadMermaid();
  // Mermaid measures labels to size their boxes: with a fallback font they would be cut once Inter arrives.
  await document.fonts.ready;
  mermaid.initialize(MERMAID_CONFIG);
  for (const element of pending) {
    element.dataset.drawn = 'true';
    const source = element.querySelector('.diagram-source')?.textContent ?? '';
    const { svg } = await mermaid.render(`lazy-${element.dataset.diagram}`, source);
    element.insertAdjacentHTML('beforeend', prepareDiagramSvg(svg));
    const slide = element.closest('section');
    if (slide) fitDiagramsIn(slide);
  }
}

export function lazyDiagrams(): DeckPlugin {
  return deckPlugin('lectern-lazy-diagrams', (deck, hookups) => {
    if (!document.querySelector('.diagram-lazy')) return;
    const drawCurrent = () => {
      const slide = deck.getCurrentSlide();
      // Print and scroll views show every slide at once.
      void drawIn(deck.isPrintView() || deck.isScrollView() ? document : (slide ?? document));
    };
    hookups.on(deck, 'ready', drawCurrent);
    hookups.on(deck, 'slidechanged', drawCurrent);
  });
}
