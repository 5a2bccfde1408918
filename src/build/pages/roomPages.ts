import { escapeHtml } from '../../compile/escape.ts';
import type { DeckManifest } from '../../compile/manifest.ts';
import type { TalkPlan } from '../../core/plan.ts';
import { pageShell } from './shell.ts';

/** The phone page opened from the QR code; it fetches the slides and follows the talk. */
export function joinPage(deck: DeckManifest): string {
  return pageShell({
    title: `${deck.title} · live`,
    theme: deck.theme,
    ...(deck.lang ? { lang: deck.lang } : {}),
    bodyClass: 'lectern-audience',
    data: { deck: deck.id },
    script: '/src/audience/main.ts',
    // The server draws the live slide's card inside `<main>` (server/http/joinPage.ts); the page fetches
    // the rest of the deck once that slide is on screen, so the two never share the phone's bandwidth.
    body: `<header class="aud-bar"><p class="aud-title">${escapeHtml(deck.title)}</p><span class="aud-badge" data-state="connecting" role="status">connecting…</span></header>
<main id="app" class="audience"><p class="audience-loading">Joining the talk…</p></main>`,
  });
}

/**
 * What the speaker view needs from the manifest, without the answer keys (the page is public; the
 * presenter socket receives answers from the server).
 */
export function talkPlan(deck: DeckManifest): TalkPlan {
  return {
    title: deck.title,
    minutes: deck.minutes,
    sections: deck.sections.map(({ number, title, minutes, firstSlide }) => ({ number, title, minutes, firstSlide })),
    slides: deck.slides.map(({ h, v, title, section, fragments, poll }) => ({
      h,
      v,
      title,
      section,
      fragments,
      ...(poll ? { poll } : {}),
    })),
  };
}

/** The speaker view: notes, timer, pacing and poll controls, for whoever holds the token. */
export function speakerPage(deck: DeckManifest): string {
  return pageShell({
    title: `${deck.title} · speaker view`,
    theme: deck.theme,
    ...(deck.lang ? { lang: deck.lang } : {}),
    bodyClass: 'lectern-speaker',
    // Data, not a script: nothing inline runs, so a strict CSP can forbid inline scripts.
    data: { deck: deck.id, plan: JSON.stringify(talkPlan(deck)) },
    script: '/src/presenter/main.ts',
    body: '<main id="app" class="speaker"><p class="speaker-loading">Loading the speaker view…</p></main>',
  });
}

/** The report after the talk: public page, token-protected data (the page asks the API with the token). */
export function reportPage(deck: DeckManifest): string {
  return pageShell({
    title: `${deck.title} · report`,
    // Paper, whatever the deck's theme: it is read after the talk and printed.
    theme: 'light',
    bodyClass: 'lectern-report',
    data: { deck: deck.id },
    script: '/src/report/main.ts',
    body: '<main id="app" class="report-page"><p class="report-message">Loading the report…</p></main>',
  });
}
