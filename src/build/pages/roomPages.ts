import type { DeckManifest } from '../../compile/manifest.ts';
import { pageShell } from './shell.ts';

/** The phone page opened from the QR code; it fetches the slides and follows the talk. */
export function joinPage(deck: DeckManifest): string {
  return pageShell({
    title: `${deck.title} · live`,
    theme: deck.theme,
    bodyClass: 'lectern-audience',
    data: { deck: deck.id },
    script: '/src/audience/main.ts',
    body: '<main id="app" class="audience"><p class="audience-loading">Joining the talk…</p></main>',
  });
}

/** The speaker view: notes, timer, pacing and poll controls, for whoever holds the token. */
export function speakerPage(deck: DeckManifest): string {
  return pageShell({
    title: `${deck.title} · speaker view`,
    theme: deck.theme,
    bodyClass: 'lectern-speaker',
    data: { deck: deck.id },
    script: '/src/presenter/main.ts',
    body: '<main id="app" class="speaker"></main>',
  });
}
