import type { CompiledDeck } from '../../compile/compileDeck.ts';
import { pageShell } from './shell.ts';

/** The projected deck: reveal.js markup with every slide pre-rendered. */
export function deckPage(deck: CompiledDeck): string {
  const { manifest } = deck;
  return pageShell({
    title: manifest.title,
    theme: manifest.theme,
    ...(manifest.lang ? { lang: manifest.lang } : {}),
    bodyClass: 'lectern-deck',
    data: { deck: manifest.id },
    script: '/src/deck/main.ts',
    body: `<a class="back-to-library" href="../">← back to library</a>
<div class="reveal"><div class="slides">
${deck.html}
</div></div>`,
  });
}
