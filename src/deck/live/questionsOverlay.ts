import { el } from '../../shared/dom.ts';
import type { Deck, DeckPlugin } from '../plugin.ts';
import type { DeckRoom } from './room.ts';

/** Questions the projector lists: the room reads them from across the hall. */
const SHOWN = 5;

/**
 * `Q` toggles the room's top questions over the slide, like `J` toggles how to join: the approved
 * ones still open, most votes first. Pending and hidden ones are never shown here, and answered
 * ones leave it. Every question is set as text.
 */
export function questionsOverlay(room: DeckRoom): DeckPlugin {
  return {
    id: 'lectern-questions-overlay',
    init(deck: Deck) {
      const list = el('ol', { class: 'questions-list' });
      const empty = el('p', { class: 'questions-empty', text: 'No questions yet. Ask from your phone.' });
      const overlay = el(
        'div',
        {
          class: 'lectern-overlay lectern-questions-overlay',
          attrs: { role: 'dialog', 'aria-label': 'Questions from the room' },
        },
        [
          el('div', { class: 'questions-panel' }, [
            el('p', { class: 'overlay-kicker questions-kicker', text: 'Your questions' }),
            empty,
            list,
          ]),
        ],
      );
      overlay.hidden = true;

      const render = () => {
        if (overlay.hidden) return;
        const board = room.state.room?.board.questions ?? [];
        const top = board.filter((q) => q.state === 'approved').slice(0, SHOWN);
        empty.hidden = top.length > 0;
        list.replaceChildren(
          ...top.map((q) =>
            el('li', { class: 'questions-item' }, [
              el('span', { class: 'questions-votes' }, [
                el('span', { class: 'questions-arrow', text: '▲', attrs: { 'aria-hidden': 'true' } }),
                el('span', { text: String(q.votes) }),
              ]),
              el('div', { class: 'questions-body' }, [
                el('p', { class: 'questions-text', text: q.text, attrs: { dir: 'auto' } }),
                q.name ? el('p', { class: 'questions-name', text: q.name, attrs: { dir: 'auto' } }) : null,
              ]),
            ]),
          ),
        );
      };
      const toggle = (show = overlay.hidden) => {
        overlay.hidden = !show;
        document.body.classList.toggle('lectern-questioning', show);
        render();
      };
      overlay.addEventListener('click', () => toggle(false));

      room.onMode((mode) => {
        if (mode !== 'live') return;
        document.body.append(overlay);
        deck.addKeyBinding({ keyCode: 81, key: 'Q', description: 'Show the top questions from the room' }, () =>
          toggle(),
        );
        room.state.subscribe((change) => {
          if (change === 'questions' || change === 'snapshot') render();
        });
      });
    },
  };
}
