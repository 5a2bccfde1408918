import type { PointerPayload } from '../../protocol.ts';
import { pointerLayer } from '../../shared/pointerLayer.ts';
import type { Deck, DeckPlugin } from '../plugin.ts';
import type { DeckRoom } from './room.ts';

/**
 * The speaker's laser dot and pen strokes on the projected slide. The layer sits inside reveal's
 * `.slides` box, which is the slide at 1280×720 scaled to the screen, so the slide's own 0..1
 * coordinates land on the same spot the speaker pointed at. Strokes go when the slide changes.
 */
export function pointerPlugin(room: DeckRoom): DeckPlugin {
  return {
    id: 'lectern-pointer',
    init(deck: Deck) {
      room.onMode((mode) => {
        if (mode !== 'live' || !room.connection) return;
        const layer = pointerLayer();
        deck.getSlidesElement()?.append(layer.element);
        deck.on('slidechanged', () => layer.clear());
        room.connection.on('pointer', (pointer: PointerPayload) => {
          const { h, v } = deck.getIndices();
          if (pointer.h === h && pointer.v === (v ?? 0)) layer.show(pointer);
        });
      });
    },
  };
}
