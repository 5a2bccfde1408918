import type { SlidePosition } from '../../protocol.ts';
import { samePosition } from '../../protocol.ts';
import { showRoomNotFollowing } from '../../shared/roomNotFollowing.ts';
import { SlideDriver } from '../../shared/slideDriver.ts';
import { type Deck, type DeckPlugin, deckPlugin } from '../plugin.ts';
import type { DeckRoom } from './room.ts';

/** reveal reports no fragment index on a slide without fragments; the wire says -1. */
function positionOf(deck: Deck): SlidePosition {
  const { h, v, f } = deck.getIndices();
  return { h, v, f: typeof f === 'number' ? f : -1 };
}

/**
 * Live sync. Holding the token, the deck drives the room: every slide and fragment change (keys,
 * clicker, touch) goes to the server, and moves made elsewhere (the speaker view's buttons) come back
 * and move the deck. Without the token the deck only follows, like a big phone.
 */
export function liveSync(room: DeckRoom): DeckPlugin {
  return deckPlugin('lectern-live-sync', (deck, hookups) => {
    /** Set while the deck moves on the server's word, so that move is not reported back. */
    let applying = false;
    const goTo = (position: SlidePosition) => {
      if (samePosition(position, positionOf(deck))) return;
      applying = true;
      try {
        deck.slide(position.h, position.v, position.f);
      } finally {
        applying = false;
      }
    };

    let driver: SlideDriver | null = null;
    const report = () => {
      if (!applying && driver && !deck.isOverview()) driver.moved(positionOf(deck));
    };
    for (const event of ['slidechanged', 'fragmentshown', 'fragmenthidden', 'overviewhidden'])
      hookups.on(deck, event, report);

    const follow = () => {
      const position = room.state.slide;
      if (!driver && position) goTo(position);
    };
    hookups.keep(
      room.state.subscribe((change) => {
        if (change === 'snapshot' || change === 'slide') follow();
      }),
    );

    let hideNotice: (() => void) | null = null;
    const stopDriving = () => {
      hideNotice?.();
      hideNotice = null;
      driver?.stop();
      driver = null;
    };
    // The deck is gone: so is its seat in the room.
    hookups.keep(() => room.close());
    hookups.keep(stopDriving);
    hookups.keep(
      room.onMode((mode) => {
        if (mode !== 'live' || !room.connection || room.role !== 'projector') return;
        driver = new SlideDriver(room.connection, room.state, goTo);
        hideNotice = showRoomNotFollowing(driver, room.connection);
        // Tell the driver where the deck is, so it knows what the room has not yet seen.
        if (deck.isReady()) report();
        else hookups.on(deck, 'ready', report);
      }),
    );
    hookups.keep(
      room.onRole((role) => {
        if (role === 'projector') return;
        stopDriving();
        follow();
      }),
    );
  });
}
