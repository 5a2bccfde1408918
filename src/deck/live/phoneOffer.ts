import { paths } from '../../protocol.ts';
import { el } from '../../shared/dom.ts';

/** A touch screen a hand holds: the projector page is made for 1280×720 and a keyboard. */
export function looksLikePhone(): boolean {
  return matchMedia('(pointer: coarse)').matches && Math.min(screen.width, screen.height) < 600;
}

/**
 * A phone that opened the projector URL (a link passed around, the library page) is offered the phone
 * page, where it can follow and vote. It joins the room only if it chooses to stay, so it is not counted
 * as a phone that cannot vote. Resolves once it stays.
 */
export function offerPhonePage(deck: string): Promise<void> {
  return new Promise((resolve) => {
    const join = el('a', { class: 'phone-offer-join', text: 'Open the phone page', attrs: { href: paths.join(deck) } });
    const stay = el('button', {
      class: 'phone-offer-stay',
      text: 'Stay on the projected slides',
      attrs: { type: 'button' },
    });
    const offer = el(
      'div',
      { class: 'lectern-phone-offer', attrs: { role: 'dialog', 'aria-label': 'This is the projector page' } },
      [
        el('div', { class: 'phone-offer-panel' }, [
          el('p', { class: 'phone-offer-title', text: 'This page is for the projector' }),
          el('p', {
            class: 'phone-offer-text',
            text: 'On a phone, the phone page follows the talk in large type and lets you answer the quiz.',
          }),
          join,
          stay,
        ]),
      ],
    );
    stay.addEventListener('click', () => {
      offer.remove();
      resolve();
    });
    document.body.append(offer);
    join.focus();
  });
}
