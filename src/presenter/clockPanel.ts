import { formatDuration } from '../core/format.ts';
import type { TalkPlan } from '../core/plan.ts';
import { el, setText } from '../shared/dom.ts';
import { type Pace, paceAt, sectionRows } from './pacing.ts';
import type { TalkTimer } from './timer.ts';

const PACE_WORDS = { 'on-time': 'On time', ahead: 'Ahead', behind: 'Behind' } as const;

/**
 * The clock, the talk's elapsed time with pause and reset, and the pacing against the plan: on
 * time, ahead or behind and by how much, with each section's spent and planned minutes.
 */
export function clockPanel(plan: TalkPlan, timer: TalkTimer) {
  const wall = el('span', { class: 'spk-wall' });
  const elapsed = el('span', { class: 'spk-elapsed', attrs: { role: 'timer', 'aria-label': 'Elapsed time' } });
  const planned = el('span', { class: 'spk-planned', text: `of ${plan.minutes} min` });
  const toggle = el('button', { class: 'spk-button is-primary spk-timer-toggle', attrs: { type: 'button' } });
  const reset = el('button', { class: 'spk-button', text: 'Reset', attrs: { type: 'button' } });
  const pace = el('p', { class: 'spk-pace', attrs: { 'aria-live': 'polite' } });
  const paceDetail = el('p', { class: 'spk-pace-detail' });
  const sections = el('ol', { class: 'spk-sections' });
  const element = el('section', { class: 'spk-time', attrs: { 'aria-label': 'Time and pacing' } }, [
    el('div', { class: 'spk-clock-row' }, [el('div', { class: 'spk-elapsed-box' }, [elapsed, planned]), wall]),
    el('div', { class: 'spk-timer-actions' }, [toggle, reset]),
    pace,
    paceDetail,
    sections,
  ]);

  let confirmTimer: ReturnType<typeof setTimeout> | null = null;
  toggle.addEventListener('click', () => {
    timer.toggle();
    render(lastSlide);
  });
  reset.addEventListener('click', () => {
    if (!confirmTimer) {
      setText(reset, 'Reset timer?');
      reset.classList.add('is-danger');
      confirmTimer = setTimeout(() => {
        confirmTimer = null;
        setText(reset, 'Reset');
        reset.classList.remove('is-danger');
      }, 3000);
      return;
    }
    clearTimeout(confirmTimer);
    confirmTimer = null;
    setText(reset, 'Reset');
    reset.classList.remove('is-danger');
    timer.reset();
    render(lastSlide);
  });

  // One segment per section, as wide as its planned minutes: the talk's timeline at a glance.
  const rows = plan.sections.map((section) => {
    const item = el(
      'li',
      { class: 'spk-section', attrs: { title: `${section.number}. ${section.title} · ${section.minutes} min` } },
      [
        el('span', { class: 'spk-section-fill', attrs: { 'aria-hidden': 'true' } }),
        el('span', { class: 'spk-section-number', text: String(section.number).padStart(2, '0') }),
      ],
    );
    item.style.flexGrow = String(section.minutes);
    return { item };
  });
  sections.replaceChildren(...rows.map((row) => row.item));
  sections.setAttribute('aria-label', 'Sections');

  let lastSlide = { h: 0, v: 0 };
  function render(slide: { h: number; v: number }): Pace {
    lastSlide = slide;
    const ms = timer.elapsedMs();
    setText(wall, new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
    setText(elapsed, formatDuration(ms));
    setText(toggle, timer.running ? 'Pause' : timer.started ? 'Resume' : 'Start');
    element.classList.toggle('is-paused', !timer.running && timer.started);

    const now = paceAt(plan, slide, ms);
    element.dataset.pace = timer.started ? now.state : 'idle';
    if (!timer.started) setText(pace, 'Timer starts with the first move');
    else
      setText(
        pace,
        now.state === 'on-time' ? PACE_WORDS[now.state] : `${PACE_WORDS[now.state]} by ${formatDuration(now.byMs)}`,
      );
    const rowsNow = sectionRows(plan, timer.spent(), slide, now);
    const currentRow = rowsNow.find((row) => row.progress === 'current');
    setText(
      paceDetail,
      currentRow
        ? `${String(currentRow.section.number).padStart(2, '0')} ${currentRow.section.title} · ${formatDuration(currentRow.spentMs)} of ${currentRow.section.minutes}:00 · planned ${formatDuration(now.plannedStartMs)}–${formatDuration(now.plannedEndMs)}`
        : 'Untimed part',
    );
    rowsNow.forEach((row, i) => {
      const view = rows[i];
      if (!view) return;
      view.item.dataset.progress = row.progress;
      view.item.classList.toggle('is-over', row.spentMs > row.plannedMs);
      view.item.setAttribute(
        'aria-label',
        `${row.section.title}: ${formatDuration(row.spentMs)} of ${row.section.minutes} minutes`,
      );
      view.item.style.setProperty('--spent', String(Math.min(1, row.spentMs / Math.max(1, row.plannedMs))));
    });
    return now;
  }

  return { element, render };
}
