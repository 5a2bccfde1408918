import { fitDiagramsIn } from '../../shared/diagramFit.ts';
import { type DeckPlugin, deckPlugin } from '../plugin.ts';

/** Fits the diagrams of the slide on screen (of every slide, in the print and scroll views) to their slide. */
export function fitDiagrams(): DeckPlugin {
  return deckPlugin('lectern-fit-diagrams', (deck, hookups) => {
    if (!document.querySelector('.diagram')) return;
    const fitShown = () => {
      const everySlide = deck.isPrintView() || deck.isScrollView();
      const slides = everySlide
        ? [...document.querySelectorAll<HTMLElement>('.reveal .slides section:not(.stack)')]
        : [deck.getCurrentSlide() as HTMLElement | undefined];
      for (const slide of slides) if (slide) fitDiagramsIn(slide);
    };
    // The print view lays its pages out after `ready`; fitting earlier would measure slides mid-move.
    if (deck.isPrintView()) {
      hookups.on(deck, 'pdf-ready', fitShown);
      return;
    }
    hookups.on(deck, 'ready', fitShown);
    hookups.on(deck, 'slidechanged', fitShown);
    // Titles reflow once the deck's fonts arrive, which moves the space left for the diagram.
    void document.fonts.ready.then(fitShown);
  });
}
