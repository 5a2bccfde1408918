/**
 * The report page at `/<deck>/report/`: for whoever holds the presenter token, like the speaker view.
 * It asks the server for the report of a run (the current one by default), or two side by side, and
 * draws it. `lectern export --report` prints this same page, handing it the report directly.
 */
import '../../themes/fonts.css';
import '../../themes/report.css';
import { paths, type RunSummary, type TalkReport } from '../protocol.ts';
import { deckIdOf, el, setText } from '../shared/dom.ts';
import { takePresenterToken } from '../shared/token.ts';
import { renderReport } from './renderReport.ts';

declare global {
  interface Window {
    /** Set by the PDF export before the page runs: the report to draw, without asking the server. */
    lecternReport?: TalkReport;
  }
}

const deck = deckIdOf();
const app = document.getElementById('app')!;
const report = document.createElement('div');
report.className = 'report';

function draw(data: TalkReport): void {
  // `renderReport` escapes every text that comes from the deck or the speaker.
  report.innerHTML = renderReport(data);
  document.title = `${data.title} · report`;
  document.body.dataset.ready = 'true';
}

function message(title: string, text: string): void {
  app.replaceChildren(el('div', { class: 'report-message' }, [el('h1', { text: title }), el('p', { text })]));
}

const optionFor = (run: RunSummary) =>
  el('option', {
    text: `Run ${run.id} · ${run.name}${run.rehearsal ? ' (rehearsal)' : ''}`,
    attrs: { value: String(run.id) },
  });

async function showLive(token: string): Promise<void> {
  const runSelect = el('select', { attrs: { 'aria-label': 'Run' } });
  const compareSelect = el('select', { attrs: { 'aria-label': 'Compare with' } });
  const status = el('span', { class: 'toolbar-status', attrs: { role: 'status' } });
  const print = el('button', { class: 'toolbar-button', text: 'Print or save as PDF', attrs: { type: 'button' } });
  const toolbar = el('nav', { class: 'report-toolbar', attrs: { 'aria-label': 'Choose runs' } }, [
    el('label', {}, [el('span', { text: 'Run' }), runSelect]),
    el('label', {}, [el('span', { text: 'Side by side with' }), compareSelect]),
    status,
    el('span', { class: 'toolbar-spacer' }),
    print,
  ]);
  app.replaceChildren(toolbar, report);
  print.addEventListener('click', () => window.print());

  const load = async (run?: string, compare?: string): Promise<void> => {
    setText(status, 'Loading…');
    const reply = await fetch(paths.reportData(deck, run, compare || undefined), {
      headers: { Authorization: `Bearer ${token}` },
    }).catch(() => null);
    if (!reply?.ok) {
      if (reply?.status === 401)
        return message(
          'The presenter token was refused',
          'Open the report from the speaker view, or with the presenter link the server printed.',
        );
      setText(status, 'Could not load the report. Is the lectern server still running?');
      return;
    }
    const data = (await reply.json()) as TalkReport;
    setText(status, '');
    const shown = data.runs.map((r) => String(r.summary.id));
    runSelect.replaceChildren(...data.allRuns.toReversed().map(optionFor));
    compareSelect.replaceChildren(
      el('option', { text: 'none', attrs: { value: '' } }),
      ...data.allRuns.toReversed().map(optionFor),
    );
    runSelect.value = shown[0] ?? '';
    compareSelect.value = shown[1] ?? '';
    draw(data);
  };
  runSelect.addEventListener('change', () => void load(runSelect.value, compareSelect.value));
  compareSelect.addEventListener('change', () => void load(runSelect.value, compareSelect.value));
  await load();
}

if (window.lecternReport) {
  app.replaceChildren(report);
  draw(window.lecternReport);
} else {
  const token = takePresenterToken(deck);
  if (token) void showLive(token);
  else
    message(
      'This is the report after the talk',
      'It needs the presenter link, ending in #token=…, or the "Report" link in the speaker view.',
    );
}
