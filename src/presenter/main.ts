/**
 * The speaker view: a page (not a popup), so it works on a second screen, a tablet or a phone on the
 * LAN, for whoever opens it with the presenter token. It shows the current and next step, the notes,
 * the clock and pacing, the audience and the polls, and it can move the talk itself.
 */
import '../../themes/all.css';
import '../../themes/slides.css';
import '../../themes/badge.css';
import '../../themes/speaker.css';
import '../../themes/speakerRoom.css';
import '../../themes/pointer.css';
import { plural } from '../core/format.ts';
import type { SlidePosition } from '../protocol.ts';
import { showConnection } from '../shared/connectionBadge.ts';
import { loadDeckSlides } from '../shared/deckSlides.ts';
import { deckIdOf, el, setText } from '../shared/dom.ts';
import { connectLive } from '../shared/liveConnection.ts';
import { readPlan } from '../shared/plan.ts';
import { showRoomNotFollowing } from '../shared/roomNotFollowing.ts';
import { SlideDriver } from '../shared/slideDriver.ts';
import { nextPosition, previousPosition } from '../shared/steps.ts';
import { type TalkChange, TalkState } from '../shared/talkState.ts';
import { applyThemeOverride } from '../shared/theme.ts';
import { forgetPresenterToken, presenterUrl, takePresenterToken, tokenFragment } from '../shared/token.ts';
import { clockPanel } from './clockPanel.ts';
import { bindKeys, SHORTCUTS } from './keys.ts';
import { lostGauge } from './lostGauge.ts';
import { notesPanel } from './notes.ts';
import { overviewPanel } from './overview.ts';
import { pointerPad } from './pointerPad.ts';
import { pollsPanel } from './polls.ts';
import { questionsPanel } from './questions.ts';
import { runControl } from './runControl.ts';
import { slideStage } from './stage.ts';
import { TalkTimer } from './timer.ts';

applyThemeOverride();

const deck = deckIdOf();
// First thing: the token leaves the address bar and the history.
const token = takePresenterToken(deck);
const plan = readPlan();
const app = document.getElementById('app')!;

function showMessage(title: string, text: string): void {
  app.replaceChildren(el('div', { class: 'spk-message' }, [el('h1', { text: title }), el('p', { text })]));
}

async function start(presenterToken: string): Promise<void> {
  const state = new TalkState();
  const connection = connectLive({ deck, role: 'presenter', token: presenterToken, state });
  const slides = await loadDeckSlides('../').catch(() => null);
  if (!slides)
    return showMessage('Could not load the slides', 'Is the lectern server still running? Reload to try again.');

  const timer = new TalkTimer(`lectern:timer:${deck}`);
  const current = slideStage(slides, 'is-current');
  const upcoming = slideStage(slides, 'is-next');
  const notes = notesPanel(slides);
  const clock = clockPanel(plan, timer);
  const polls = pollsPanel(state, connection);
  const questions = questionsPanel(state, connection);
  const gauge = lostGauge(state);
  // Jumps go through `go`, like Prev/Next: to the server, which moves the projector and the phones.
  const overview = overviewPanel(plan, slides, (position) => go(position));
  // A link opens its tab without this one's sessionStorage: the token goes in the fragment, which the
  // report page takes out of the address bar at once.
  const run = runControl(state, connection, () => `../report/${tokenFragment(presenterToken)}`);

  // ---------------------------------------------------------------- chrome
  const badge = el('span', { class: 'aud-badge', attrs: { role: 'status' } });
  const audience = el('span', { class: 'spk-audience' });
  const projector = el('button', {
    class: 'spk-button spk-projector',
    text: 'Open the projector deck',
    attrs: { type: 'button' },
  });
  const helpButton = el('button', {
    class: 'spk-chip',
    text: '?',
    attrs: { type: 'button', 'aria-label': 'Keyboard shortcuts' },
  });
  const overviewButton = el(
    'button',
    // Named by its visible text (a spoken name that differs from it trips voice control); the key is told as a shortcut.
    { class: 'spk-button spk-overview-button', attrs: { type: 'button', 'aria-keyshortcuts': 'G' } },
    [el('span', { text: 'All slides' }), el('kbd', { text: 'G', attrs: { 'aria-hidden': 'true' } })],
  );
  const typedNumber = el('p', { class: 'spk-typed-number', attrs: { 'aria-live': 'polite' } });
  typedNumber.hidden = true;
  const bar = el('header', { class: 'spk-topbar' }, [
    el('p', { class: 'spk-title', text: plan.title, attrs: { dir: 'auto' } }),
    badge,
    audience,
    run.chip,
    el('span', { class: 'spk-topbar-spacer' }),
    overviewButton,
    projector,
    helpButton,
  ]);
  const nowLabel = el('span', { class: 'spk-slide-label' });
  const nextLabel = el('span', { class: 'spk-slide-label' });
  const previousButton = el('button', { class: 'spk-nav-button', attrs: { type: 'button' } }, [
    el('span', { text: '←', attrs: { 'aria-hidden': 'true' } }),
    el('span', { text: 'Previous' }),
  ]);
  const nextButton = el('button', { class: 'spk-nav-button is-next', attrs: { type: 'button' } }, [
    el('span', { text: 'Next' }),
    el('span', { text: '→', attrs: { 'aria-hidden': 'true' } }),
  ]);
  const help = el('aside', { class: 'spk-help', attrs: { 'aria-label': 'Keyboard shortcuts' } }, [
    el('h2', { text: 'Shortcuts' }),
    el(
      'dl',
      {},
      SHORTCUTS.flatMap(([keys, action]) => [el('dt', { text: keys }), el('dd', { text: action })]),
    ),
  ]);
  help.hidden = true;

  const pad = pointerPad(
    current.element,
    () => here(),
    // Pointer positions need no answer: an ack each would double the messages at 30 a second.
    (pointer) => connection.emit('pointer', pointer),
  );
  const nowPanel = el('section', { class: 'spk-now', attrs: { 'aria-label': 'Current slide' } }, [
    el('header', { class: 'spk-panel-head' }, [el('h2', { text: 'Now' }), nowLabel, gauge.element, pad.penSwitch]),
    // The box is the room the stage may take: the stage fits it whole at 16:9 (themes/speaker.css).
    el('div', { class: 'spk-stage-box' }, [current.element]),
  ]);
  const nextPanel = el('section', { class: 'spk-next', attrs: { 'aria-label': 'Next step' } }, [
    el('header', { class: 'spk-panel-head' }, [el('h2', { text: 'Next' }), nextLabel]),
    el('div', { class: 'spk-stage-box' }, [upcoming.element]),
  ]);
  const nav = el('nav', { class: 'spk-nav', attrs: { 'aria-label': 'Move the talk' } }, [previousButton, nextButton]);
  // Three columns on a desk: the slides; what the speaker says and when (time over notes); what the room
  // says (polls, questions). On a phone the columns dissolve (display: contents) into one flow.
  app.replaceChildren(
    bar,
    el('div', { class: 'spk-column spk-column-slides' }, [nowPanel, nextPanel, nav]),
    el('div', { class: 'spk-column spk-column-notes' }, [clock.element, notes.element]),
    el('div', { class: 'spk-column spk-column-room' }, [polls.element, questions.element]),
    help,
    overview.element,
    typedNumber,
    run.dialog,
  );

  // ---------------------------------------------------------------- what the page shows
  const titleOf = (position: SlidePosition) => plan.slides.find((s) => s.h === position.h && s.v === position.v);
  const indexOf = (position: SlidePosition) => plan.slides.findIndex((s) => s.h === position.h && s.v === position.v);
  /** "12/55 · step 2/4 · Title": the title isolated (`<bdi>`), so a right-to-left one keeps its place. */
  const labelFor = (position: SlidePosition | null): Node[] => {
    if (!position) return [document.createTextNode('end of the deck')];
    const info = titleOf(position);
    const step =
      info && info.fragments > 0 ? ` · step ${Math.min(position.f + 1, info.fragments)}/${info.fragments}` : '';
    return [
      document.createTextNode(`${indexOf(position) + 1}/${plan.slides.length}${step} · `),
      el('bdi', { text: info?.title ?? '' }),
    ];
  };
  const setLabel = (label: HTMLElement, nodes: Node[]) => {
    const text = nodes.map((node) => node.textContent).join('');
    if (label.textContent !== text) label.replaceChildren(...nodes);
  };

  let drawnOn: SlidePosition | null = null;
  const render = (position: SlidePosition) => {
    // The pen's strokes belong to the slide they were drawn on.
    if (drawnOn && (position.h !== drawnOn.h || position.v !== drawnOn.v)) pad.clear();
    drawnOn = position;
    gauge.update(position);
    const next = nextPosition(plan.slides, position);
    current.show(position);
    upcoming.show(next);
    setLabel(nowLabel, labelFor(position));
    setLabel(
      nextLabel,
      next && next.h === position.h && next.v === position.v
        ? [document.createTextNode('next fragment')]
        : labelFor(next),
    );
    notes.show(position.h, position.v);
    previousButton.disabled = !previousPosition(plan.slides, position);
    nextButton.disabled = !next;
    polls.update(position);
    clock.render(position);
  };

  // The talk's clock starts with the first move away from the title slide, made here or on the deck
  // (a clicker in the speaker's hand drives the deck, not this page).
  let settled: SlidePosition | null = null;
  const startClockOnMove = (position: SlidePosition) => {
    if (timer.started) return;
    if (settled && (position.h !== settled.h || position.v !== settled.v)) timer.start();
    settled ??= position;
  };
  const driver = new SlideDriver(connection, state, (position) => {
    startClockOnMove(position);
    render(position);
  });
  showRoomNotFollowing(driver, connection);
  /** Where this page is: the driver keeps it (this page's last move, else the room's slide). */
  const here = (): SlidePosition => driver.position ?? { h: 0, v: 0, f: -1 };
  const go = (target: SlidePosition | null) => {
    if (!target) return;
    if (!timer.started) timer.start();
    driver.moved(target);
    render(target);
  };
  const actions = {
    next: () => go(nextPosition(plan.slides, here())),
    previous: () => go(previousPosition(plan.slides, here())),
    first: () => go(plan.slides[0] ? { h: plan.slides[0].h, v: plan.slides[0].v, f: -1 } : null),
    last: () => {
      const last = plan.slides.at(-1);
      go(last ? { h: last.h, v: last.v, f: -1 } : null);
    },
    toggleTimer: () => {
      timer.toggle();
      clock.render(here());
    },
    togglePoll: () => {
      const poll = polls.focused(here());
      if (poll && poll.phase !== 'revealed')
        void polls.send(poll.phase === 'open' ? 'poll:close' : 'poll:open', poll.id);
    },
    revealPoll: () => {
      const poll = polls.focused(here());
      if (poll && poll.phase !== 'revealed') void polls.send('poll:reveal', poll.id);
    },
    toggleBars: () => {
      const poll = polls.focused(here());
      if (poll && poll.phase !== 'revealed') void polls.send('poll:show-results', poll.id, !poll.showResults);
    },
    toggleHelp: () => (help.hidden = !help.hidden),
    toggleOverview: () => (overview.open ? overview.hide() : overview.show(here())),
    dismiss: () => {
      overview.hide();
      help.hidden = true;
    },
    goToNumber: (number: number) => {
      const info = plan.slides[number - 1];
      if (!Number.isInteger(number) || !info) {
        flashTyped(`No slide ${number}`);
        return false;
      }
      overview.hide();
      go({ h: info.h, v: info.v, f: -1 });
      return true;
    },
  };
  let typedTimer: ReturnType<typeof setTimeout> | null = null;
  /** Shows what is being typed ("Go to 12 ↵") or a short message, in a chip over the view. */
  const flashTyped = (text: string | null, lingerMs = 1500) => {
    if (typedTimer) clearTimeout(typedTimer);
    typedTimer = null;
    typedNumber.hidden = text === null;
    if (text !== null) setText(typedNumber, text);
    if (text !== null && lingerMs > 0) typedTimer = setTimeout(() => (typedNumber.hidden = true), lingerMs);
  };
  overviewButton.addEventListener('click', actions.toggleOverview);
  previousButton.addEventListener('click', actions.previous);
  nextButton.addEventListener('click', actions.next);
  helpButton.addEventListener('click', actions.toggleHelp);
  help.addEventListener('click', actions.toggleHelp);
  bindKeys(actions, (typed) => {
    if (typed === null) return flashTyped(null);
    const title = plan.slides[Number(typed) - 1]?.title;
    flashTyped(title ? `Go to ${typed} · ${title} ↵` : `Go to ${typed} ↵ (1–${plan.slides.length})`, 0);
  });
  projector.addEventListener('click', () => {
    // The projector window inherits this tab's sessionStorage, token included (`presenterUrl`).
    window.open(presenterUrl(deck, '../', presenterToken), `lectern-projector-${deck}`);
  });

  // ---------------------------------------------------------------- live updates
  const showStatus = () => {
    showConnection(badge, connection.status);
    const status = connection.status;
    if (status.state === 'refused' && status.reason === 'bad-token') {
      forgetPresenterToken(deck);
      showMessage(
        'The presenter token was refused',
        'The server was probably restarted with a new token. Open the presenter link it printed.',
      );
    }
  };
  connection.onStatus(showStatus);
  showStatus();
  setText(audience, plural(0, 'phone'));
  /** A new run is a new giving of the talk: its clock starts again with its first move. */
  let runId = state.snapshot?.run?.id ?? null;
  const onChange = (change: TalkChange) => {
    setText(audience, plural(state.audience, 'phone'));
    if (change === 'snapshot') {
      run.update();
      const id = state.snapshot?.run?.id ?? null;
      if (runId !== null && id !== runId) {
        timer.reset();
        settled = null;
        clock.render(here());
      }
      runId = id;
    }
    if (change === 'poll' || change === 'stats' || change === 'snapshot') polls.update(here());
    if (change === 'questions' || change === 'room' || change === 'snapshot') questions.update();
    if (change === 'stats' || change === 'snapshot') gauge.update(here());
  };
  state.subscribe(onChange);
  // The first snapshot may have come while the slides loaded, before anyone listened.
  if (state.ready) onChange('snapshot');
  render(here());
  setInterval(() => {
    const section = titleOf(here())?.section;
    timer.tick(section === null || section === undefined ? 'untimed' : String(section));
    clock.render(here());
  }, 500);
}

if (token) void start(token);
else
  showMessage(
    'This is the speaker view',
    'It needs the presenter link that `npm start` prints, ending in #token=…. Open that link on this device.',
  );
