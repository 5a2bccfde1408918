/**
 * The phone's questions: a box to ask one (with a live count of characters as a person counts them),
 * an optional name, and the room's questions to upvote. A phone sees the approved questions and its
 * own, pending ones included; every text is set as text, never parsed as HTML.
 */

import { cleanQuestionText, graphemeCount } from '../core/questionText.ts';
import { type ErrorCode, QUESTION_MAX_LENGTH, type QuestionView } from '../protocol.ts';
import { el, setText } from '../shared/dom.ts';
import { describeError } from '../shared/liveConnection.ts';
import type { TalkState } from '../shared/talkState.ts';

type Refused = { ok: false; error: ErrorCode | 'timeout' };
export type AskReply = { ok: true; question: QuestionView; merged: boolean } | Refused;
export type UpvoteReply = { ok: true; questionId: string; up: boolean; votes: number } | Refused;

export interface QuestionsSender {
  ask(text: string, name: string): Promise<AskReply>;
  upvote(questionId: string, up: boolean): Promise<UpvoteReply>;
}

const NAME_KEY = 'lectern:question-name';

/** Why a question was refused, in the words the phone shows under the box. */
function askError(error: ErrorCode | 'timeout'): string {
  if (error === 'rate-limited') return 'You asked a few just now. Wait a little before the next one.';
  return describeError(error);
}

export function questionsPanel(state: TalkState, send: QuestionsSender) {
  const box = el('textarea', {
    class: 'aud-ask-text',
    attrs: {
      rows: '3',
      maxlength: '4000',
      placeholder: 'Ask the speaker…',
      'aria-label': 'Your question',
      dir: 'auto',
    },
  });
  const name = el('input', {
    class: 'aud-ask-name',
    attrs: {
      type: 'text',
      maxlength: '80',
      placeholder: 'Your name (optional)',
      'aria-label': 'Your name',
      dir: 'auto',
    },
  });
  name.value = localStorage.getItem(NAME_KEY) ?? '';
  const counter = el('span', { class: 'aud-ask-count', attrs: { 'aria-live': 'polite' } });
  const askButton = el('button', { class: 'aud-ask-send', text: 'Ask', attrs: { type: 'submit' } });
  const feedback = el('p', { class: 'aud-ask-feedback', attrs: { role: 'status' } });
  const form = el('form', { class: 'aud-ask' }, [
    box,
    el('div', { class: 'aud-ask-row' }, [name, counter, askButton]),
    feedback,
  ]);
  const list = el('ol', { class: 'aud-questions-list', attrs: { 'aria-label': 'Questions from the room' } });
  const empty = el('p', { class: 'aud-questions-empty', text: 'No questions yet. Be the first.' });
  const heading = el('h2', { class: 'aud-questions-title', text: 'Questions' });
  const element = el('section', { class: 'aud-questions', attrs: { 'aria-label': 'Questions' } }, [
    heading,
    form,
    empty,
    list,
  ]);

  let sending = false;
  const pendingVotes = new Set<string>();

  const updateCounter = () => {
    const length = graphemeCount(cleanQuestionText(box.value));
    setText(counter, `${length}/${QUESTION_MAX_LENGTH}`);
    counter.classList.toggle('is-over', length > QUESTION_MAX_LENGTH);
  };
  box.addEventListener('input', () => {
    updateCounter();
    feedback.classList.remove('is-error');
  });
  updateCounter();

  const say = (text: string, error = false) => {
    setText(feedback, text);
    feedback.classList.toggle('is-error', error);
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void ask();
  });

  async function ask(): Promise<void> {
    if (sending) return;
    const cleaned = cleanQuestionText(box.value);
    // The same checks as the server's, at once and without the wifi; the server checks again.
    if (cleaned === '') return say(describeError('text-empty'), true);
    if (graphemeCount(cleaned) > QUESTION_MAX_LENGTH) return say(describeError('text-too-long'), true);
    sending = true;
    askButton.disabled = true;
    say('Sending…');
    localStorage.setItem(NAME_KEY, name.value);
    const reply = await send.ask(box.value, name.value);
    sending = false;
    askButton.disabled = false;
    if (!reply.ok) return say(askError(reply.error), true);
    state.recordQuestion(reply.question, !reply.merged);
    if (reply.merged) state.recordUpvote(reply.question.id, true, reply.question.votes);
    box.value = '';
    updateCounter();
    say(
      reply.merged
        ? 'Someone asked that already: your vote was added to it.'
        : reply.question.state === 'pending'
          ? 'Sent. It shows here for you, and for everyone once the speaker approves it.'
          : 'Sent. Thank you!',
    );
  }

  async function upvote(question: QuestionView, up: boolean): Promise<void> {
    if (pendingVotes.has(question.id)) return;
    pendingVotes.add(question.id);
    render();
    const reply = await send.upvote(question.id, up);
    pendingVotes.delete(question.id);
    if (reply.ok) state.recordUpvote(reply.questionId, reply.up, reply.votes);
    else say(describeError(reply.error), true);
    render();
  }

  const rows = new Map<string, { row: HTMLLIElement; update(q: QuestionView): void }>();
  function rowFor(question: QuestionView) {
    const existing = rows.get(question.id);
    if (existing) return existing;
    const text = el('p', { class: 'aud-question-text', attrs: { dir: 'auto' } });
    const meta = el('p', { class: 'aud-question-meta' });
    const votes = el('span', { class: 'aud-upvote-count' });
    const button = el('button', { class: 'aud-upvote', attrs: { type: 'button', 'aria-label': 'Upvote' } }, [
      el('span', { class: 'aud-upvote-arrow', text: '▲', attrs: { 'aria-hidden': 'true' } }),
      votes,
    ]);
    const row = el('li', { class: 'aud-question' }, [button, el('div', { class: 'aud-question-body' }, [text, meta])]);
    let current = question;
    button.addEventListener('click', () => {
      const mine = state.room?.yourUpvotes.includes(current.id) ?? false;
      void upvote(current, !mine);
    });
    const entry = {
      row,
      update(q: QuestionView) {
        current = q;
        const room = state.room;
        const voted = room?.yourUpvotes.includes(q.id) ?? false;
        const mine = room?.yourQuestions.some((own) => own.id === q.id) ?? false;
        setText(text, q.text);
        const who = q.name ? `${q.name}` : mine ? 'You' : 'Anonymous';
        const status = q.state === 'pending' ? ' · waiting for approval' : q.state === 'answered' ? ' · answered' : '';
        setText(meta, `${who}${status}`);
        setText(votes, String(q.votes));
        button.setAttribute('aria-pressed', String(voted));
        button.setAttribute('aria-label', voted ? `Take back your upvote (${q.votes})` : `Upvote (${q.votes})`);
        button.classList.toggle('is-voted', voted);
        button.disabled = pendingVotes.has(q.id);
        row.classList.toggle('is-pending', q.state === 'pending');
        row.classList.toggle('is-answered', q.state === 'answered');
        row.classList.toggle('is-mine', mine);
      },
    };
    rows.set(question.id, entry);
    return entry;
  }

  /** The board, with this phone's own questions the board does not list (pending, or below the top 50). */
  function visibleQuestions(): QuestionView[] {
    const room = state.room;
    if (!room) return [];
    const listed = new Set(room.board.questions.map((q) => q.id));
    const own = room.yourQuestions.filter((q) => !listed.has(q.id) && q.state !== 'hidden');
    return [
      ...own.filter((q) => q.state === 'pending'),
      ...room.board.questions,
      ...own.filter((q) => q.state !== 'pending'),
    ];
  }

  function render(): void {
    const room = state.room;
    element.hidden = !room || room.questions === 'off';
    const questions = visibleQuestions();
    empty.hidden = questions.length > 0;
    const keep = new Set(questions.map((q) => q.id));
    for (const [id, entry] of rows) {
      if (!keep.has(id)) {
        entry.row.remove();
        rows.delete(id);
      }
    }
    questions.forEach((q, i) => {
      const entry = rowFor(q);
      entry.update(q);
      if (list.children[i] !== entry.row) list.insertBefore(entry.row, list.children[i] ?? null);
    });
  }

  return { element, render, focus: () => box.focus() };
}
