/**
 * The room's questions for the speaker: most votes first, each with approve (when the deck asks for
 * approval), answered and hide; and the switch for the phones' reactions. Questions are set as text.
 */
import type { QuestionState, QuestionView } from '../protocol.ts';
import { el, setText } from '../shared/dom.ts';
import { describeError, type LiveConnection } from '../shared/liveConnection.ts';
import type { TalkState } from '../shared/talkState.ts';

const STATE_LABEL: Record<QuestionState, string> = {
  pending: 'waiting',
  approved: 'shown',
  answered: 'answered',
  hidden: 'hidden',
};

export function questionsPanel(state: TalkState, connection: LiveConnection) {
  const count = el('span', { class: 'spk-questions-count' });
  const reactions = el('button', {
    class: 'spk-chip spk-reactions-switch',
    attrs: { type: 'button', 'aria-pressed': 'true' },
  });
  const error = el('p', { class: 'spk-error', attrs: { 'aria-live': 'polite' } });
  const list = el('ol', { class: 'spk-question-list' });
  const empty = el('p', {
    class: 'spk-questions-empty',
    text: 'No questions yet. Phones ask from the Questions button.',
  });
  const element = el('section', { class: 'spk-questions', attrs: { 'aria-label': 'Questions from the room' } }, [
    el('header', { class: 'spk-panel-head' }, [el('h2', { text: 'Questions' }), count, reactions]),
    error,
    empty,
    list,
  ]);

  const set = async (question: QuestionView, next: QuestionState) => {
    const reply = await connection.request('question:set', { questionId: question.id, state: next });
    setText(error, reply.ok ? '' : describeError(reply.error));
    if (reply.ok) state.recordQuestion(reply.question, false);
  };
  reactions.addEventListener('click', async () => {
    const on = !(state.room?.reactions ?? true);
    const reply = await connection.request('reactions:set', { on });
    if (reply.ok) state.applyRoom(reply.settings);
    else setText(error, describeError(reply.error));
  });

  const button = (label: string, className: string, action: () => void) => {
    const b = el('button', { class: `spk-button spk-q-action ${className}`, text: label, attrs: { type: 'button' } });
    b.addEventListener('click', action);
    return b;
  };

  const row = (q: QuestionView) => {
    const actions: HTMLElement[] = [];
    if (q.state === 'pending') actions.push(button('Approve', 'is-primary', () => void set(q, 'approved')));
    if (q.state === 'approved' || q.state === 'pending')
      actions.push(button('Answered', '', () => void set(q, 'answered')));
    if (q.state === 'answered') actions.push(button('Reopen', '', () => void set(q, 'approved')));
    actions.push(
      q.state === 'hidden'
        ? button('Show', '', () => void set(q, 'approved'))
        : button('Hide', 'is-quiet', () => void set(q, 'hidden')),
    );
    return el('li', { class: `spk-question is-${q.state}`, data: { question: q.id } }, [
      el('span', { class: 'spk-q-votes', attrs: { 'aria-label': `${q.votes} upvotes` } }, [
        el('span', { class: 'spk-q-arrow', text: '▲', attrs: { 'aria-hidden': 'true' } }),
        el('span', { text: String(q.votes) }),
      ]),
      el('div', { class: 'spk-q-body' }, [
        el('p', { class: 'spk-q-text', text: q.text, attrs: { dir: 'auto' } }),
        // Who asked and the buttons share a line: on a laptop's short screen each question then takes
        // three lines, not four, and more of them show before the list scrolls.
        el('div', { class: 'spk-q-footer' }, [
          el('p', { class: 'spk-q-meta' }, [
            el('bdi', { text: q.name ?? 'Anonymous' }),
            el('span', { class: `spk-q-state is-${q.state}`, text: STATE_LABEL[q.state] }),
          ]),
          el('div', { class: 'spk-q-actions' }, actions),
        ]),
      ]),
    ]);
  };

  let shown = '';
  return {
    element,
    update() {
      const room = state.room;
      if (!room) return;
      element.hidden = room.questions === 'off';
      const on = room.reactions;
      setText(reactions, on ? 'Reactions on' : 'Reactions off');
      reactions.setAttribute('aria-pressed', String(on));
      const { board } = room;
      const pending = board.pending ?? 0;
      setText(
        count,
        board.total === 0 ? '' : pending > 0 ? `${board.total} · ${pending} waiting` : String(board.total),
      );
      // Rebuilt only when something in it changed: buttons keep their focus between identical boards.
      const key = JSON.stringify(board.questions);
      if (key === shown) return;
      shown = key;
      empty.hidden = board.questions.length > 0;
      const top = list.firstElementChild?.getAttribute('data-question');
      list.replaceChildren(...board.questions.map(row));
      // A new question on top is what the speaker should see, not the place they had scrolled to.
      if (board.questions[0]?.id !== top) list.scrollTop = 0;
    },
  };
}
