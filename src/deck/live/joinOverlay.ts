import { paths } from '../../protocol.ts';
import { el, setText } from '../../shared/dom.ts';
import { type DeckPlugin, deckPlugin } from '../plugin.ts';
import type { DeckRoom } from './room.ts';

/** `http://192.168.1.23:3000/talk/join/` → `192.168.1.23:3000/talk/join`: what people type. */
export function shortJoinUrl(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

async function joinUrl(deck: string): Promise<string> {
  try {
    const response = await fetch(paths.joinUrl(deck));
    if (response.ok) {
      const { url } = (await response.json()) as { url?: unknown };
      if (typeof url === 'string') return url;
    }
  } catch {
    // Fall through to this page's own origin.
  }
  return new URL(paths.join(deck), location.origin).href;
}

/** The QR code comes from the server as SVG (it knows the LAN address): an image, never parsed into the page. */
const qrImage = (deck: string, className: string) =>
  el('img', {
    class: className,
    attrs: { src: paths.joinQr(deck), alt: 'QR code to join the talk on your phone', width: '512', height: '512' },
  });

/**
 * How the room joins. `J` toggles a full-screen card with the QR code and the short address; the
 * title slide carries a smaller one of its own. Only on a live deck: plain files have no room.
 */
export function joinOverlay(room: DeckRoom): DeckPlugin {
  return deckPlugin('lectern-join-overlay', (deck, hookups) => {
    const url = el('p', { class: 'join-url' });
    const overlay = el(
      'div',
      { class: 'lectern-overlay lectern-join-overlay', attrs: { role: 'dialog', 'aria-label': 'Join the talk' } },
      [
        el('div', { class: 'join-panel' }, [
          el('p', { class: 'overlay-kicker join-kicker', text: 'Join on your phone' }),
          qrImage(room.deck, 'join-qr'),
          url,
          el('p', {
            class: 'join-hint',
            text: 'Scan the code, or type the address. Follow the slides, answer the quiz.',
          }),
        ]),
      ],
    );
    overlay.hidden = true;
    const toggle = (show = overlay.hidden) => {
      overlay.hidden = !show;
      document.body.classList.toggle('lectern-joining', show);
    };
    overlay.addEventListener('click', () => toggle(false));

    hookups.keep(
      room.onMode((mode) => {
        if (mode !== 'live') return;
        document.body.append(overlay);
        hookups.keep(() => overlay.remove());
        hookups.key(deck, { keyCode: 74, key: 'J', description: 'Show how to join (QR code)' }, () => toggle());

        const corner = el('aside', { class: 'lectern-join-corner', attrs: { 'aria-label': 'Join the talk' } }, [
          qrImage(room.deck, 'join-corner-qr'),
          el('p', { class: 'join-corner-label', text: 'Join on your phone' }),
        ]);
        const cornerUrl = el('p', { class: 'join-corner-url' });
        corner.append(cornerUrl);
        const cover =
          deck.getRevealElement()?.querySelector<HTMLElement>('section.slide-cover') ?? deck.getSlide(0) ?? null;
        if (cover) {
          cover.append(corner);
          cover.classList.add('has-join-corner');
          hookups.keep(() => {
            corner.remove();
            cover.classList.remove('has-join-corner');
          });
        }
        void joinUrl(room.deck).then((href) => {
          setText(url, shortJoinUrl(href));
          // A narrow card: let the address break at its slashes, not inside a word.
          setText(cornerUrl, shortJoinUrl(href).replace(/\//g, '\u200b/'));
        });
      }),
    );
  });
}
