import { REACTIONS, type ReactionBurst } from '../../protocol.ts';
import { el } from '../../shared/dom.ts';
import type { Deck, DeckPlugin } from '../plugin.ts';
import type { DeckRoom } from './room.ts';

/** Emoji drawn per burst at most, however many phones tapped: a lively room, not a snowstorm. */
const MOST_PER_BURST = 14;
/** Emoji on screen at once at most: a flood of bursts never costs the projector its frame rate. */
const MOST_ON_SCREEN = 60;

/**
 * Reactions rise from the bottom-right corner of the projected deck as a short burst: the server
 * counts taps per window and sends one message per window, and each window becomes a handful of
 * emoji that float up and fade (CSS animations, no script per frame).
 */
export function reactionBurst(room: DeckRoom): DeckPlugin {
  return {
    id: 'lectern-reaction-burst',
    init(_deck: Deck) {
      room.onMode((mode) => {
        if (mode !== 'live' || !room.connection) return;
        const layer = el('div', { class: 'lectern-reactions', attrs: { 'aria-hidden': 'true' } });
        document.body.append(layer);
        room.connection.on('reactions', (burst: ReactionBurst) => {
          const total = burst.counts.reduce((a, b) => a + b, 0);
          if (total === 0 || document.hidden) return;
          // Each reaction gets its share of the burst, at least one when anyone sent it.
          const shown = Math.min(MOST_PER_BURST, total);
          burst.counts.forEach((count, i) => {
            if (count === 0) return;
            const n = Math.max(1, Math.round((count / total) * shown));
            for (let k = 0; k < n; k += 1) {
              if (layer.childElementCount >= MOST_ON_SCREEN) return;
              const glyph = el('span', { class: 'reaction-float', text: REACTIONS[i] ?? '' });
              glyph.style.setProperty('--x', `${Math.round(Math.random() * 160)}px`);
              glyph.style.setProperty('--drift', `${Math.round(Math.random() * 80 - 40)}px`);
              glyph.style.animationDelay = `${Math.round(Math.random() * 250)}ms`;
              glyph.addEventListener('animationend', () => glyph.remove());
              layer.append(glyph);
            }
          });
        });
      });
    },
  };
}
