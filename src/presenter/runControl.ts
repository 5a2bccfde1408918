/**
 * "New run": the top bar names the run the room is in; its dialog ends that run and starts a clean
 * one (a name, by default the date and time, and a rehearsal mark). The server moves every phone to
 * the new run; this page learns it from the snapshot like every other page.
 */
import type { RunView } from '../protocol.ts';
import { el, setText } from '../shared/dom.ts';
import type { LiveConnection } from '../shared/liveConnection.ts';
import type { TalkState } from '../shared/talkState.ts';

export interface RunControl {
  /** The chip in the top bar that opens the dialog. */
  readonly chip: HTMLButtonElement;
  readonly dialog: HTMLDialogElement;
  /** Shows the current run; call on every snapshot. */
  update(): void;
}

/** `2026-11-30 19:05` in this browser's time, as the server names a run it is given no name for. */
export function defaultRunName(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}`;
}

const startedAt = (run: RunView) =>
  new Date(run.startedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function runControl(state: TalkState, connection: LiveConnection, reportUrl: () => string): RunControl {
  const chipName = el('bdi', { class: 'spk-run-name' });
  const chipTag = el('span', { class: 'spk-run-tag', text: 'rehearsal' });
  const chip = el(
    'button',
    { class: 'spk-run-chip', attrs: { type: 'button', 'aria-haspopup': 'dialog', title: 'Start a new run' } },
    [el('span', { class: 'spk-run-number' }), chipName, chipTag],
  );
  const chipNumber = chip.firstElementChild as HTMLElement;

  const current = el('p', { class: 'spk-run-current' });
  const name = el('input', {
    class: 'spk-run-input',
    attrs: { type: 'text', name: 'name', maxlength: '80', autocomplete: 'off', spellcheck: 'false', dir: 'auto' },
  });
  const rehearsal = el('input', { attrs: { type: 'checkbox', name: 'rehearsal' } });
  const error = el('p', { class: 'spk-error spk-run-error', attrs: { role: 'alert' } });
  const cancel = el('button', { class: 'spk-button', text: 'Cancel', attrs: { type: 'button' } });
  const submit = el('button', { class: 'spk-button is-primary', text: 'Start new run', attrs: { type: 'submit' } });
  const report = el('a', {
    class: 'spk-run-report',
    text: 'Report of this run',
    attrs: { target: '_blank', rel: 'noopener' },
  });
  const form = el('form', { class: 'spk-run-form', attrs: { method: 'dialog' } }, [
    el('h2', { class: 'spk-run-title', text: 'New run' }),
    current,
    el('label', { class: 'spk-run-field' }, [el('span', { class: 'spk-run-label', text: 'Name' }), name]),
    el('label', { class: 'spk-run-check' }, [
      rehearsal,
      el('span', {}, [
        el('strong', { text: 'Rehearsal' }),
        el('span', { class: 'spk-muted', text: ' · marked as practice in the results and the report' }),
      ]),
    ]),
    el('p', {
      class: 'spk-run-note',
      text: 'Every phone moves to the new run at once: polls closed, no votes, no rating. This run keeps its results under its name.',
    }),
    error,
    el('div', { class: 'spk-run-actions' }, [report, el('span', { class: 'spk-topbar-spacer' }), cancel, submit]),
  ]);
  const dialog = el('dialog', { class: 'spk-run-dialog', attrs: { 'aria-label': 'New run' } }, [form]);

  const update = () => {
    const run = state.snapshot?.run ?? null;
    chip.hidden = run === null;
    if (!run) return;
    setText(chipNumber, `Run ${run.id}`);
    setText(chipName, run.name);
    chipTag.hidden = !run.rehearsal;
    setText(
      current,
      `Now: run ${run.id}, “${run.name}”${run.rehearsal ? ' (rehearsal)' : ''}, since ${startedAt(run)}. Starting a new run ends it.`,
    );
  };

  chip.addEventListener('click', () => {
    name.value = '';
    name.placeholder = defaultRunName(new Date());
    rehearsal.checked = false;
    setText(error, '');
    submit.disabled = false;
    report.href = reportUrl();
    dialog.showModal();
    name.focus();
  });
  cancel.addEventListener('click', () => dialog.close());
  // A click on the backdrop (the dialog element itself, outside the form) closes it.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    setText(error, '');
    const typed = name.value.trim();
    void connection
      .request('run:new', { name: typed || name.placeholder, rehearsal: rehearsal.checked })
      .then((reply) => {
        submit.disabled = false;
        if (reply.ok) return dialog.close();
        setText(
          error,
          reply.error === 'invalid-payload'
            ? 'A name of up to 80 characters, please, without line breaks.'
            : 'The server did not start the run; nothing changed. Try again.',
        );
      });
  });

  update();
  return { chip, dialog, update };
}
