import Reveal from 'reveal.js';
import 'reveal.js/reveal.css';
import '../../themes/all.css';
import '../../themes/deck.css';
import '../../themes/diagrams.css';
import '../../themes/print.css';
import { applyThemeOverride } from '../shared/theme.ts';
import { takePresenterToken } from '../shared/token.ts';
import { requestLayoutCheck } from './devLayoutCheck.ts';
import { livePlugins } from './live/index.ts';
import type { Deck } from './plugin.ts';
import { codeFit } from './plugins/codeFit.ts';
import { codeSteps } from './plugins/codeSteps.ts';
import { fitDiagrams } from './plugins/fitDiagrams.ts';
import { lazyDiagrams } from './plugins/lazyDiagrams.ts';
import { viewKeys } from './plugins/viewKeys.ts';

declare global {
  interface Window {
    /** reveal's ES build does not set it; tools that drive decks (exporters, remotes) look for it. */
    Reveal: Deck;
  }
}

applyThemeOverride();

// Before reveal starts: it reads the hash as a slide address, and `#token=…` must leave the address bar at once.
const deckId = document.body.dataset.deck ?? '';
const live = livePlugins({ deck: deckId, token: takePresenterToken(deckId) });

const deck = new Reveal({
  width: 1280,
  height: 720,
  margin: 0.04,
  hash: true,
  respondToHashChanges: true,
  history: false,
  controls: true,
  progress: true,
  slideNumber: 'c/t',
  center: false,
  // Slides are flex columns: the title on top, the body centred under it (themes/deck.css).
  display: 'flex',
  transition: 'slide',
  backgroundTransition: 'fade',
  pdfSeparateFragments: false,
  plugins: [codeFit(), codeSteps(), fitDiagrams(), lazyDiagrams(), viewKeys(), ...live],
});
window.Reveal = deck as Deck;
void deck.initialize().then(() => {
  // reveal marks the deck `role="application"`, which turns a screen reader's reading mode off: the
  // slides are a document to read, and reveal's own keys still work without it.
  deck.getRevealElement()?.removeAttribute('role');
  requestLayoutCheck(deckId);
});
