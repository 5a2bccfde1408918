import { plural } from '../../core/format.ts';
import { el, setText } from '../../shared/dom.ts';
import { type DeckPlugin, deckPlugin } from '../plugin.ts';
import type { DeckRoom } from './room.ts';

/** A person glyph drawn with DOM calls: no markup parsing, no icon font. */
function personIcon(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const head = document.createElementNS(ns, 'circle');
  head.setAttribute('cx', '12');
  head.setAttribute('cy', '8');
  head.setAttribute('r', '4');
  const body = document.createElementNS(ns, 'path');
  body.setAttribute('d', 'M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7');
  svg.append(head, body);
  return svg;
}

/**
 * The number of phones in the room, in a corner of the projected deck; its dot also tells the
 * presenter whether the deck itself is connected.
 */
export function audienceCount(room: DeckRoom): DeckPlugin {
  return deckPlugin('lectern-audience-count', (_deck, hookups) => {
    hookups.keep(
      room.onMode((mode) => {
        if (mode !== 'live') return;
        const count = el('span', { class: 'audience-count-number', text: '0' });
        const label = el('span', { class: 'audience-count-label', text: 'joined' });
        const badge = el('div', { class: 'lectern-audience-count', attrs: { role: 'status', 'aria-live': 'off' } }, [
          personIcon(),
          count,
          label,
        ]);
        document.body.append(badge);
        hookups.keep(() => badge.remove());
        let last = -1;
        const update = () => {
          const audience = room.state.audience;
          if (audience === last) return;
          last = audience;
          setText(count, String(audience));
          badge.setAttribute('aria-label', `${plural(audience, 'phone')} joined`);
          badge.classList.remove('is-bumped');
          void badge.offsetWidth; // restart the bump animation
          badge.classList.add('is-bumped');
        };
        hookups.keep(room.state.subscribe(update));
        update();
      }),
    );
  });
}
