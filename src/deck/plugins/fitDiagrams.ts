import { fitDiagramsIn } from '../../shared/diagramFit.ts';
import type { Deck, DeckPlugin } from '../plugin.ts';

/** Fits the diagrams of the slide on screen (of every slide, in the print and scroll views) to their slide. */
export const fitDiagrams: DeckPlugin = {
  id: 'lectern-fit-diagrams',
  init(deck: Deck) {
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
      deck.on('pdf-ready', fitShown);
      return;
    }
    deck.on('ready', fitShown);
    deck.on('slidechanged', fitShown);
    // Titles reflow once the deck's fonts arrive, which moves the space left for the diagram.
    void document.fonts.ready.then(fitShown);
  },
};
