/**
 * The phone's dock at the bottom of the screen: the five reactions, "lost me" for the live slide,
 * and the way to the questions. Reactions are sent without waiting for an answer and without more
 * than two a second from one phone: the server counts them, the projector draws them.
 */
import { REACTIONS } from '../protocol.ts';
import { el, setText } from '../shared/dom.ts';
import type { TalkState } from '../shared/talkState.ts';

export interface DockActions {
  react(reaction: number): void;
  /** Says or takes back "lost me" on a slide; resolves with whether it went through. */
  lost(h: number, v: number, lost: boolean): Promise<boolean>;
  openQuestions(): void;
}

/** A phone sends at most this many reactions a second; taps beyond are drawn on the phone only. */
const REACTIONS_PER_SECOND = 2;
const REACTION_NAMES = ['Applause', 'Funny', 'Mind blown', 'Love it', 'Hmm, thinking'];

export function roomDock(state: TalkState, actions: DockActions) {
  const sent: number[] = [];
  const buttons = REACTIONS.map((emoji, i) => {
    const button = el('button', {
      class: 'aud-react',
      text: emoji,
      attrs: { type: 'button', 'aria-label': REACTION_NAMES[i] ?? emoji },
    });
    button.addEventListener('click', () => {
      const now = performance.now();
      while (sent.length > 0 && now - sent[0]! > 1000) sent.shift();
      button.classList.remove('is-popped');
      void button.offsetWidth;
      button.classList.add('is-popped');
      if (sent.length >= REACTIONS_PER_SECOND) return;
      sent.push(now);
      actions.react(i);
    });
    return button;
  });
  const reactions = el('div', { class: 'aud-reactions', attrs: { role: 'group', 'aria-label': 'React' } }, buttons);
  const lostButton = el('button', { class: 'aud-lost', attrs: { type: 'button', 'aria-pressed': 'false' } }, [
    el('span', { class: 'aud-lost-mark', text: '?', attrs: { 'aria-hidden': 'true' } }),
    el('span', { class: 'aud-lost-label', text: 'Lost me' }),
  ]);
  const questionsCount = el('span', { class: 'aud-dock-count' });
  const questionsButton = el('button', { class: 'aud-dock-questions', attrs: { type: 'button' } }, [
    el('span', { text: 'Questions' }),
    questionsCount,
  ]);
  const element = el('nav', { class: 'aud-dock', attrs: { 'aria-label': 'Talk back' } }, [
    reactions,
    el('div', { class: 'aud-dock-row' }, [lostButton, questionsButton]),
  ]);

  let busy = false;
  lostButton.addEventListener('click', async () => {
    const slide = state.slide;
    if (!slide || busy) return;
    busy = true;
    lostButton.disabled = true;
    await actions.lost(slide.h, slide.v, !state.lostOn(slide.h, slide.v));
    busy = false;
    lostButton.disabled = false;
    render();
  });
  questionsButton.addEventListener('click', () => actions.openQuestions());

  /** What the dock last drew: most changes (a slide change above all) leave it as it is, and write nothing. */
  let drawn = '';
  function render(): void {
    const room = state.room;
    const slide = state.slide;
    const lost = !!slide && state.lostOn(slide.h, slide.v);
    const count = room ? room.board.total + room.yourQuestions.filter((q) => q.state === 'pending').length : 0;
    const view = room && slide ? `${room.reactions}|${room.questions}|${lost}|${count}` : String(!!room);
    if (view === drawn) return;
    drawn = view;
    element.hidden = !room;
    if (!room || !slide) return;
    reactions.hidden = !room.reactions;
    lostButton.classList.toggle('is-on', lost);
    lostButton.setAttribute('aria-pressed', String(lost));
    lostButton.setAttribute(
      'aria-label',
      // The visible words first: a voice user says what they see.
      lost ? 'Lost me, said: tap to take it back' : 'Lost me: tell the speaker this slide lost you',
    );
    questionsButton.hidden = room.questions === 'off';
    setText(questionsCount, count > 0 ? String(count) : '');
  }

  return { element, render };
}
