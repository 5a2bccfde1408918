import { escapeHtml } from '../../compile/escape.ts';
import type { DeckManifest } from '../../compile/manifest.ts';
import type { BrokenDeck } from '../brokenDecks.ts';
import { pageShell } from './shell.ts';

function deckCard(deck: DeckManifest): string {
  const sections = deck.sections
    .map(
      (section) =>
        `<li><span class="mono">${String(section.number).padStart(2, '0')}</span> <bdi>${escapeHtml(section.title)}</bdi> <span class="muted">· ${section.minutes} min</span></li>`,
    )
    .join('');
  return `<article class="library-deck"${deck.lang && deck.lang !== 'en' ? ` lang="${escapeHtml(deck.lang)}"` : ''}>
  ${deck.kicker ? `<p class="kicker" dir="auto">${escapeHtml(deck.kicker)}</p>` : ''}
  <h2 dir="auto"><a class="library-deck-link" href="./${encodeURIComponent(deck.id)}/">${escapeHtml(deck.title)}</a></h2>
  ${deck.subtitle ? `<p class="subtitle" dir="auto">${escapeHtml(deck.subtitle)}</p>` : ''}
  <p class="meta mono">~${deck.minutes} min · ${deck.slideCount} slides${deck.level ? ` · <bdi>${escapeHtml(deck.level)}</bdi>` : ''}</p>
  <ol class="library-sections">${sections}</ol>
</article>`;
}

/** A deck that did not build: its name and its fault where its link would be, so the speaker sees why it is missing. */
function brokenDeckCard(deck: BrokenDeck): string {
  const where = `${deck.file}${deck.line > 0 ? `:${deck.line}` : ''}`;
  return `<article class="library-deck library-deck-broken">
  <p class="kicker">not built</p>
  <h2>${escapeHtml(deck.id)}</h2>
  <p class="deck-error"><code class="mono">${escapeHtml(where)}</code> <span dir="auto">${escapeHtml(deck.reason)}</span></p>
  <p class="muted">${escapeHtml(deck.hint)}</p>
</article>`;
}

/**
 * The page at `/`: every deck with its title, subtitle, minutes and sections. Titles take their own
 * direction (`dir="auto"`, `<bdi>`), so a right-to-left section title keeps its minutes after it.
 */
export function libraryPage(decks: DeckManifest[], broken: readonly BrokenDeck[] = []): string {
  return pageShell({
    title: 'lectern · library',
    theme: 'dark',
    bodyClass: 'lectern-library',
    script: '/src/library/main.ts',
    body: `<main class="library">
<header><p class="kicker">lectern</p><h1>Library</h1></header>
${decks.map(deckCard).join('\n')}
${broken.map(brokenDeckCard).join('\n')}
</main>`,
  });
}

/**
 * The page at `/join/`, which the QR code opens when several decks run: each deck's phone page, as
 * large tap targets. (`/` links the projected decks, which are no place for a phone.)
 */
export function joinChooserPage(decks: DeckManifest[]): string {
  const links = decks
    .map(
      (deck) => `<a class="library-deck join-choice" href="../${encodeURIComponent(deck.id)}/join/">
  ${deck.kicker ? `<span class="kicker">${escapeHtml(deck.kicker)}</span>` : ''}
  <span class="join-title">${escapeHtml(deck.title)}</span>
  ${deck.subtitle ? `<span class="subtitle">${escapeHtml(deck.subtitle)}</span>` : ''}
</a>`,
    )
    .join('\n');
  return pageShell({
    title: 'lectern · join a talk',
    theme: 'dark',
    bodyClass: 'lectern-library',
    script: '/src/library/main.ts',
    body: `<main class="library library-join">
<header><p class="kicker">lectern</p><h1>Which talk are you in?</h1></header>
${links || '<p class="muted">No talk is running yet.</p>'}
</main>`,
  });
}
