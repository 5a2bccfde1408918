/**
 * How a page's main thread pays for a change it is sent: a DevTools trace of the page in Chromium at a
 * 4× CPU slowdown, from the WebSocket frame's arrival to the commit of the frame that shows the change.
 * Shared by the phone page's measure (phoneDelta.ts) and the bare page it is held against (barePage.ts),
 * so both are measured by the same marks, window and split.
 */
import { writeFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { CPU_SLOWDOWN } from './phoneOpen.ts';

/** The trace's mark for "this frame shows a new live card, or a new step of it". */
const LIVE_MARK = 'lectern:card-live';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread CPU time, µs: what the task cost without the waits other processes on the box put it through. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { message?: string } };
}

/**
 * In the page, before its scripts: marks in the trace the frame in which the page shows a new live card
 * (or the next step of the live one), and calls out once that frame is over. The page is watched, not
 * changed: after each `slide` frame the page's own handler has taken (and the snapshot, which says
 * which card is live at first), the mark's check runs in the next animation frames (after any the page
 * asked for in its handler) until the change is there, so the window ends with the commit of the frame
 * that shows it, even were the page to show it later. The check reads the one card the frame names
 * (the phone's page holds the whole deck: a look at every card, in the very frame measured, would be
 * the bench's cost counted as the page's). Nothing else is added: no MutationObserver, whose records
 * would make every class the page switches cost more, no check in frames without a move.
 * A string, not a function: tsx would wrap a function's inner functions in a helper the page lacks.
 */
const INSTRUMENT = `
let lastKey = null;
let lastShown = 0;
let feed = null;
/** Each card of the feed by its slide key, found once: the check looks at one card, not at all of them. */
const cards = new Map();
const findCards = () => {
  if (!feed?.isConnected) feed = document.querySelector('.aud-feed');
  for (const card of feed?.children ?? []) cards.set(card.dataset.slide, card);
};
/** The card that shows slide \`key\` now (a page may give a card another slide, as the bare page does). */
const cardFor = (key) => {
  let card = cards.get(key);
  if (card?.isConnected && card.dataset.slide === key) return card;
  findCards();
  card = cards.get(key);
  return card?.dataset.slide === key ? card : null;
};
/** The live card's fragments, listed after it went live (outside the measure): a step is counted from them, not by a walk of the card. */
let fragments = [];
const listFragments = (card) => (fragments = [...card.querySelectorAll('.fragment')]);
const shownSteps = () => fragments.reduce((count, fragment) => count + (fragment.classList.contains('visible') ? 1 : 0), 0);
/** Which card is live once the page has its snapshot; checked until one is (not measured). */
const checkFirst = (frames) => {
  findCards();
  const live = [...cards.values()].find((card) => card.isConnected && card.classList.contains('is-live'));
  if (!live) {
    if (frames < 600) requestAnimationFrame(() => checkFirst(frames + 1));
    return;
  }
  lastKey = live.dataset.slide;
  listFragments(live);
  lastShown = shownSteps();
};
/** After a \`slide\` frame for slide \`key\`: marks the frame in which that card is live, or shows one more step. */
const check = (key, frames) => {
  const card = cardFor(key);
  const live = card?.classList.contains('is-live') ?? false;
  const moved = live && key !== lastKey;
  const shown = live && !moved ? shownSteps() : 0;
  const mark = moved ? key : live && shown > lastShown ? key + ' step' : null;
  if (mark === null) {
    if (frames < 600) requestAnimationFrame(() => check(key, frames + 1));
    return;
  }
  console.timeStamp('${LIVE_MARK}');
  // Told after the frame that shows it, and the new card's steps counted then: both fall outside the measure.
  setTimeout(() => {
    lastKey = key;
    if (moved) listFragments(card);
    lastShown = moved ? shownSteps() : shown;
    window.__cardShown?.(mark);
  });
};
/** What a frame from the server asks the check to look for. */
const watch = (text) => {
  if (typeof text !== 'string') return;
  if (/^\\d*\\["snapshot"/.test(text)) {
    requestAnimationFrame(() => checkFirst(0));
    return;
  }
  if (!/^\\d*\\["slide"/.test(text)) return;
  const h = /"h":(\\d+)/.exec(text)?.[1];
  const v = /"v":(\\d+)/.exec(text)?.[1];
  if (h !== undefined && v !== undefined) requestAnimationFrame(() => check(h + '.' + v, 0));
};
/**
 * Looks at each frame \`target\` hears after the page's own onmessage has taken it: the page's handler
 * runs first, as it would, and asks for its frames before the check asks for its own.
 */
const watchMessages = (target, Native) => {
  let handler = null;
  Object.getOwnPropertyDescriptor(Native.prototype, 'onmessage').set.call(target, (event) => {
    handler?.call(target, event);
    watch(event.data);
  });
  Object.defineProperty(target, 'onmessage', { get: () => handler, set: (value) => (handler = value) });
};
// The page's sockets (and socket.io's transport). A snapshot is checked too: it tells which card is live before the first move.
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(url, protocols) {
    super(url, protocols);
    window.__wire = new URL(url, location.href).pathname === '/live' ? 'phone wire' : 'socket.io';
    watchMessages(this, NativeWebSocket);
  }
};
// The phone wire's worker (src/shared/wireSocket.ts) hands the page each frame as the string it came as.
const NativeWorker = window.Worker;
window.Worker = class extends NativeWorker {
  constructor(url, options) {
    super(url, options);
    window.__wire = 'phone wire (its WebSocket in a worker)';
    watchMessages(this, NativeWorker);
  }
};`;

/** One move's main-thread time, and the parts it went to. */
export interface MoveCost {
  /** All of the renderer main thread's tasks in the window, ms. */
  busy: number;
  /** The same tasks' thread CPU time, ms: steadier than `busy` on a loaded box. */
  cpu: number;
  /** JavaScript: the page's handlers, event dispatch, animation-frame callbacks, ms. */
  script: number;
  /** Style recalculation and layout, ms (forced by a script or in the frame). */
  styleLayout: number;
  /** Pre-paint, paint and layerizing, ms. */
  paintComposite: number;
  /** The rest of the tasks: Chromium taking the frame off the wire, the commit to the compositor, ms. */
  chromium: number;
  /** Self time per trace event name, ms: what to look at when a part grows. */
  byName: Map<string, number>;
  /** The wire the page heard the move on: the phone wire, or socket.io after a fallback. */
  wire?: string;
  /** A new live card, or the next step (fragment) of the live one. */
  kind?: 'move' | 'step';
}

/** The parts a change's main-thread time is split into. */
export type CostPart = 'script' | 'styleLayout' | 'paintComposite' | 'chromium';

const STYLE_LAYOUT = new Set(['UpdateLayoutTree', 'RecalculateStyles', 'Layout', 'HitTest']);
const PAINT_COMPOSITE = new Set([
  'PrePaint',
  'Paint',
  'PaintImage',
  'Layerize',
  'UpdateLayer',
  'UpdateLayerTree',
  'CompositeLayers',
  'Decode Image',
]);
/** Chromium's own work in a task: the task itself, the WebSocket's data and the IPC that brought it. */
const CHROMIUM = new Set(['ThreadControllerImpl::RunTask', 'Receive mojo message', 'SimpleWatcher::OnHandleReady']);
/** A task of the thread's scheduler: the trace's top-level unit of main-thread work. */
const TASK = 'ThreadControllerImpl::RunTask';
/**
 * What the trace records: tasks, and the page's own work in them. Not DevTools' disabled-by-default
 * timeline: with it on, Chromium walks the whole DOM in every frame (its "DOMStats") and reads the heap's
 * counters after each task, inside the tasks measured, so a page pays for the trace in proportion to its
 * size, and the phone's page, which holds the whole deck, would pay more than the bare page for it.
 */
const CATEGORIES = 'toplevel,devtools.timeline';

/**
 * The main thread's tasks between `from` and `to` (trace µs), split by what each part of them did. Events
 * nest (a forced layout inside a script's call): each is counted for its own time, without its children.
 * @param onMain the renderer main thread's complete events, by start time, parents before children.
 */
export function splitBusyTime(onMain: TraceEvent[], from: number, to: number): MoveCost {
  const cost: MoveCost = {
    busy: 0,
    cpu: 0,
    script: 0,
    styleLayout: 0,
    paintComposite: 0,
    chromium: 0,
    byName: new Map(),
  };
  const part = (name: string): CostPart => {
    if (STYLE_LAYOUT.has(name)) return 'styleLayout';
    if (PAINT_COMPOSITE.has(name)) return 'paintComposite';
    return CHROMIUM.has(name) ? 'chromium' : 'script';
  };
  const add = (name: string, micros: number) => {
    cost[part(name)] += micros / 1000;
    cost.byName.set(name, (cost.byName.get(name) ?? 0) + micros / 1000);
  };
  const open: { end: number; name: string }[] = [];
  for (const event of onMain) {
    const end = event.ts + (event.dur ?? 0);
    while (open.length > 0 && open.at(-1)!.end <= event.ts) open.pop();
    // Only work inside a task is the page's: anything else on the thread is idle bookkeeping.
    if (open.length === 0 && event.name !== TASK) continue;
    const inWindow = Math.max(0, Math.min(to, end) - Math.max(from, event.ts));
    if (open.length === 0) {
      cost.busy += inWindow / 1000;
      if (event.dur) cost.cpu += ((event.tdur ?? event.dur) * inWindow) / event.dur / 1000;
    }
    add(event.name, inWindow);
    const parent = open.at(-1);
    if (parent) add(parent.name, -inWindow);
    open.push({ end, name: event.name });
  }
  return cost;
}

/** A page open in Chromium, throttled and traced, whose changes are measured one by one. */
export interface TracedPage {
  page: Page;
  /**
   * Resolves once the page has shown `expected` (a live card's `data-slide`, with " step" for a
   * step of it) and the frame that shows it is over. Call it before sending the change.
   */
  shown(expected: string): Promise<void>;
  /** Ends the trace and returns each change's cost, in the order `kinds` lists them. */
  finish(kinds: ('move' | 'step')[]): Promise<MoveCost[]>;
}

/**
 * Opens `url` on a 390×844 phone, lets `ready` wait for the page to settle, then throttles the CPU and
 * starts the trace. The page calls out when a change is shown, rather than being polled: a poll is
 * DevTools work in the renderer, inside the window.
 */
export async function tracePage(
  browser: Browser,
  url: string,
  ready: (page: Page) => Promise<void>,
): Promise<TracedPage> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.addInitScript({ content: INSTRUMENT });
  let onShown = (_mark: string) => {};
  await page.exposeFunction('__cardShown', (mark: string) => onShown(mark));
  await page.goto(url);
  await ready(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => {
    events.push(...(data.value as unknown as TraceEvent[]));
  });
  await cdp.send('Tracing.start', {
    categories: CATEGORIES,
    transferMode: 'ReportEvents',
  });
  const shown = (expected: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${expected} not shown on the phone in 15 s`)), 15_000);
      onShown = (mark) => {
        if (mark !== expected) return;
        clearTimeout(timer);
        resolve();
      };
    });
  const finish = async (kinds: ('move' | 'step')[]) => {
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
    if (process.env.LECTERN_BENCH_TRACE)
      await writeFile(process.env.LECTERN_BENCH_TRACE, JSON.stringify({ traceEvents: events }));
    const wire = await page.evaluate(() => (window as unknown as { __wire?: string }).__wire ?? 'none');
    await context.close();
    return changeCosts(events, kinds).map((cost) => ({ ...cost, wire }));
  };
  return { page, shown, finish };
}

/**
 * Each change's window in the trace, split: from its frame's arrival to the end of the task that drew
 * the frame showing it (the mark is made in that frame's animation callbacks; the same task then
 * styles, lays out, paints and commits the frame).
 */
function changeCosts(events: TraceEvent[], kinds: ('move' | 'step')[]): MoveCost[] {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = events
    .filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X')
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const byTime = (a: TraceEvent, b: TraceEvent) => a.ts - b.ts;
  // Slide frames are the only WebSocket frames a phone gets while the speaker moves (stats aside, which a move does not set off).
  const receipts = events
    .filter((e) => e.name === 'WebSocketReceive')
    .sort(byTime)
    .slice(-kinds.length);
  const marks = events.filter((e) => e.name === 'TimeStamp' && e.args?.data?.message === LIVE_MARK).sort(byTime);
  return receipts.map((receipt, i) => {
    const from = receipt.ts;
    const live = marks.find((mark) => mark.ts >= from);
    if (!live) throw new Error('a slide change left no mark of what it showed in the trace');
    const frame = onMain.find((e) => e.name === TASK && e.ts <= live.ts && e.ts + (e.dur ?? 0) >= live.ts);
    if (!frame) throw new Error('the mark of a slide change lies in no task of the main thread');
    return { ...splitBusyTime(onMain, from, frame.ts + (frame.dur ?? 0)), kind: kinds[i]! };
  });
}
