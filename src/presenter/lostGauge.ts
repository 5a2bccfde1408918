/**
 * A quiet gauge beside the current slide's label: how much of the room said "lost me" on it. It is on
 * the speaker view only (the projector never shows it), grey while low, warm once a tenth of the room
 * is lost.
 */
import type { SlidePosition } from '../protocol.ts';
import { el, setText } from '../shared/dom.ts';
import type { TalkState } from '../shared/talkState.ts';

/** A share of the room from which the gauge stops being quiet. */
const NOTICEABLE = 0.1;

export function lostGauge(state: TalkState) {
  const fill = el('span', { class: 'spk-lost-fill' });
  const label = el('span', { class: 'spk-lost-label' });
  const element = el('span', { class: 'spk-lost', attrs: { role: 'status', 'aria-live': 'off' } }, [
    el('span', { class: 'spk-lost-track', attrs: { 'aria-hidden': 'true' } }, [fill]),
    label,
  ]);
  return {
    element,
    update(slide: SlidePosition) {
      const count = state.room?.lost?.find((c) => c.h === slide.h && c.v === slide.v)?.count ?? 0;
      const share = state.audience > 0 ? Math.min(1, count / state.audience) : 0;
      fill.style.width = `${Math.round(share * 100)}%`;
      setText(label, count === 0 ? 'lost: none' : `lost: ${count} · ${Math.round(share * 100)}%`);
      element.classList.toggle('is-noticeable', share >= NOTICEABLE && count > 0);
      element.setAttribute('aria-label', `${count} of ${state.audience} phones say this slide lost them`);
    },
  };
}
