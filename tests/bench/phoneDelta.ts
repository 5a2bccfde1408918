/**
 * What a slide change costs the phone: main-thread time in Chromium, at a 4× CPU slowdown, from the
 * WebSocket frame's arrival to the frame that shows the new live card. The real phone page on the
 * built decks and the real server; the presenter moves through the deck from a socket.io client.
 *
 * Measured from a DevTools trace: a mark in it says when the page made the new card live, and the card
 * is shown when the commit to the compositor of the next frame ends (the main thread's last step of it).
 * The busy time is the renderer main thread's tasks between the `slide` frame's `WebSocketReceive` and
 * that instant: what the phone did before the person could see the card, not the glide to it that
 * starts once it is there.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { io as ioClient } from 'socket.io-client';
import { createApp } from '../../server/app.ts';
import { silentLogger } from '../../server/log.ts';
import { createMemoryStore } from '../../server/store/memory.ts';
import { startBrowser } from '../helpers/browser.ts';
import { DIST } from '../helpers/build.ts';
import { CPU_SLOWDOWN } from './phoneOpen.ts';
import { percentile, sortNumbers } from './table.ts';

/** The trace's mark for "the page made a new card live". */
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
 * In the page, before its scripts: marks in the trace the moment the page makes a new card live, and
 * calls out once the frame that shows it is over. The mark comes from a MutationObserver (a microtask
 * at the end of the script that made the change), not from a listener of the bench's own on the socket
 * or a check in every frame: the measure adds as little as it can to what it measures.
 * A string, not a function: tsx would wrap a function's inner functions in a helper the page lacks.
 */
const INSTRUMENT = `
const Native = window.WebSocket;
window.WebSocket = class extends Native {
  constructor(url, protocols) {
    super(url, protocols);
    window.__wire = new URL(url, location.href).pathname === '/live' ? 'phone wire' : 'socket.io';
  }
};
let live = null;
addEventListener('DOMContentLoaded', () => {
  new MutationObserver((records) => {
    // A new live card first: the card just left shows all its steps in the same change.
    let mark = null;
    for (const { target } of records) {
      if (target === live || !target.classList.contains('aud-card') || !target.classList.contains('is-live')) continue;
      live = target;
      mark = target.dataset.slide;
    }
    for (const { target, oldValue } of mark === null ? records : []) {
      const newlyShown = target.classList.contains('fragment') && target.classList.contains('visible') && !/\\bvisible\\b/.test(oldValue ?? '');
      if (newlyShown && live?.contains(target)) mark = live.dataset.slide + ' step';
    }
    if (mark === null) return;
    console.timeStamp('${LIVE_MARK}');
    // Told after the frame that shows it: the call to the bench falls outside the measure.
    requestAnimationFrame(() => setTimeout(() => window.__cardShown?.(mark)));
  }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['class'], attributeOldValue: true });
});`;

/** One move's main-thread time, and the parts it went to. */
export interface MoveCost {
  /** All of the renderer main thread's tasks in the window, ms. */
  busy: number;
  /** The same tasks' thread CPU time, ms: steadier than `busy` on a loaded box. */
  cpu: number;
  /** JavaScript, event dispatch, garbage collection and the tasks' own overhead, ms. */
  script: number;
  /** Style recalculation and layout, ms (forced by a script or in the frame). */
  styleLayout: number;
  /** Pre-paint, paint, layerizing and the commit to the compositor, ms. */
  paintComposite: number;
  /** Self time per trace event name, ms: what to look at when a part grows. */
  byName: Map<string, number>;
  /** The wire the page heard the move on: the phone wire, or socket.io after a fallback. */
  wire?: string;
  /** A new live card, or the next step (fragment) of the live one. */
  kind?: 'move' | 'step';
}

/** Steps measured per slide: the first few, as a speaker reveals a list. */
const STEPS_PER_SLIDE = 3;

/** The live card's fragment steps, counted as src/shared/fragments.ts groups them. Runs in the page. */
function stepsOfLiveCard(): number {
  const steps = new Set<number>();
  let next = 0;
  for (const fragment of document.querySelectorAll<HTMLElement>('.aud-card.is-live .fragment')) {
    const given = fragment.dataset.fragmentIndex;
    const index = given !== undefined && given !== '' ? Number(given) : next;
    next = Math.max(next, index + 1);
    steps.add(index);
  }
  return steps.size;
}

const STYLE_LAYOUT = new Set(['UpdateLayoutTree', 'RecalculateStyles', 'Layout', 'HitTest']);
const PAINT_COMPOSITE = new Set([
  'PrePaint',
  'Paint',
  'PaintImage',
  'Layerize',
  'UpdateLayer',
  'UpdateLayerTree',
  'Commit',
  'CompositeLayers',
  'Decode Image',
]);

/**
 * The main thread's tasks between `from` and `to` (trace µs), split by what each part of them did. Events
 * nest (a forced layout inside a script's call): each is counted for its own time, without its children.
 * @param onMain the renderer main thread's complete events, by start time, parents before children.
 */
export function splitBusyTime(onMain: TraceEvent[], from: number, to: number): MoveCost {
  const cost: MoveCost = { busy: 0, cpu: 0, script: 0, styleLayout: 0, paintComposite: 0, byName: new Map() };
  const part = (name: string) =>
    STYLE_LAYOUT.has(name) ? 'styleLayout' : PAINT_COMPOSITE.has(name) ? 'paintComposite' : 'script';
  const add = (name: string, micros: number) => {
    cost[part(name)] += micros / 1000;
    cost.byName.set(name, (cost.byName.get(name) ?? 0) + micros / 1000);
  };
  const open: { end: number; name: string }[] = [];
  for (const event of onMain) {
    const end = event.ts + (event.dur ?? 0);
    while (open.length > 0 && open.at(-1)!.end <= event.ts) open.pop();
    // Only work inside a task is the page's: anything else on the thread is idle bookkeeping.
    if (open.length === 0 && event.name !== 'RunTask') continue;
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

export async function measurePhoneDelta(deck = 'advanced-kubernetes', moves = 12, distDir = DIST): Promise<MoveCost[]> {
  const token = 'bench-token-phone-delta';
  const app = await createApp({ store: createMemoryStore(), presenterToken: token, distDir, log: silentLogger });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = app.httpServer.address() as { port: number };
  const origin = `http://127.0.0.1:${port}`;
  const presenter = ioClient(origin, {
    auth: { deck, role: 'presenter', clientId: 'bench-presenter', token },
    transports: ['websocket'],
    forceNew: true,
  });
  await new Promise((resolve) => presenter.once('snapshot', resolve));
  const browser = await startBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.addInitScript({ content: INSTRUMENT });
    let onShown = (_slide: string) => {};
    await page.exposeFunction('__cardShown', (slide: string) => onShown(slide));
    await page.goto(`${origin}/${deck}/join/`);
    await page.waitForFunction(() => document.querySelector('.aud-badge')?.getAttribute('data-state') === 'live');
    // The feed has taken over from the card the join page came with.
    await page.waitForSelector('.aud-feed .aud-card.is-live');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (data) => {
      events.push(...(data.value as unknown as TraceEvent[]));
    });
    await cdp.send('Tracing.start', {
      categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
      transferMode: 'ReportEvents',
    });
    // The slides in order, as a talk goes: each move a new live card, then its first steps (bullets,
    // code lines) one by one. The page calls out when the card or the step is shown, rather than being
    // polled: a poll is DevTools work in the renderer, inside the window.
    const kinds: ('move' | 'step')[] = [];
    const deliver = async (position: { h: number; f: number }, expected: string) => {
      const shown = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${expected} not shown on the phone in 15 s`)), 15_000);
        onShown = (mark) => {
          if (mark !== expected) return;
          clearTimeout(timer);
          resolve();
        };
      });
      kinds.push(position.f < 0 ? 'move' : 'step');
      await new Promise((resolve) => presenter.emit('slide:set', { ...position, v: 0 }, resolve));
      await shown;
      // Let the smooth scroll and whatever else it set off finish before the next.
      await page.waitForTimeout(700);
    };
    for (let h = 1; h <= moves; h++) {
      await deliver({ h, f: -1 }, `${h}.0`);
      const steps = await page.evaluate(stepsOfLiveCard);
      for (let f = 0; f < Math.min(steps, STEPS_PER_SLIDE); f++) await deliver({ h, f }, `${h}.0 step`);
    }
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
    if (process.env.LECTERN_BENCH_TRACE)
      await writeFile(process.env.LECTERN_BENCH_TRACE, JSON.stringify({ traceEvents: events }));
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
    const wire = await page.evaluate(() => (window as unknown as { __wire?: string }).__wire ?? 'none');
    return receipts.map((receipt, i) => {
      const from = receipt.ts;
      const live = marks.find((mark) => mark.ts >= from);
      if (!live) throw new Error('a slide change left no mark of what it showed in the trace');
      // Shown when the commit of the first frame after the page made the change ends.
      const commit = onMain.find((e) => e.name === 'Commit' && e.ts >= live.ts);
      if (!commit) throw new Error('no frame was committed after a slide change');
      return { ...splitBusyTime(onMain, from, commit.ts + (commit.dur ?? 0)), wire, kind: kinds[i]! };
    });
  } finally {
    presenter.disconnect();
    await browser.close();
    await app.close();
  }
}

/** Repetitions of the whole measure (a fresh browser each): one run's median can ride on the box's load. */
const RUNS = 3;

export async function phoneDeltaRows(distDir = DIST, runs = RUNS): Promise<[string, string][]> {
  const median = (values: number[]) => percentile(sortNumbers(values), 50);
  const perRun: MoveCost[][] = [];
  for (let run = 0; run < runs; run++) {
    const moves = await measurePhoneDelta('advanced-kubernetes', 12, distDir);
    perRun.push(moves);
    if (process.env.LECTERN_BENCH_BREAKDOWN)
      for (const move of moves)
        console.log(
          `${move.kind} ${move.busy.toFixed(1)} ms: ${[...move.byName]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 8)
            .map(([n, d]) => `${n} ${d.toFixed(1)}`)
            .join(', ')}`,
        );
  }
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  const wire = perRun[0]?.[0]?.wire ?? 'none';
  /** The rows for one kind of change: its median over the runs' medians, their range, and its parts. */
  const rowsOf = (kind: 'move' | 'step', what: string): [string, string][] => {
    const runs = perRun.map((changes) => changes.filter((change) => change.kind === kind));
    const runMedians = (key: 'busy' | 'cpu' | 'script' | 'styleLayout' | 'paintComposite') =>
      sortNumbers(runs.map((changes) => median(changes.map((change) => change[key]))));
    const busy = runMedians('busy');
    const all = sortNumbers(runs.flat().map((change) => change.busy));
    const part = (key: 'cpu' | 'script' | 'styleLayout' | 'paintComposite') => {
      const medians = runMedians(key);
      return `${percentile(medians, 50).toFixed(1)} ms (${medians[0]!.toFixed(1)}–${medians.at(-1)!.toFixed(1)})`;
    };
    return [
      [
        `${what} on the phone, main thread at ${CPU_SLOWDOWN}× CPU, over the ${wire} (advanced-kubernetes)`,
        `${percentile(busy, 50).toFixed(1)} ms, median of ${runs.length} runs' medians (runs ${busy[0]!.toFixed(1)}–${busy.at(-1)!.toFixed(1)}; ` +
          `each ${all[0]!.toFixed(1)}–${all.at(-1)!.toFixed(1)} over ${all.length}; load average ${load}) (target ≤ 4 ms)`,
      ],
      ['… its thread CPU time (the same tasks, without the waits a loaded box adds)', part('cpu')],
      [
        '… of which script / style+layout / paint+composite',
        `${part('script')} / ${part('styleLayout')} / ${part('paintComposite')}`,
      ],
    ];
  };
  return [
    ...rowsOf('move', 'slide change (a new live card)'),
    ...rowsOf('step', 'step (the next bullet or code line)'),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // LECTERN_BENCH_BREAKDOWN=1 also prints each move's busiest trace events (self time);
  // LECTERN_BENCH_TRACE=file.json keeps the last run's trace, for the DevTools performance panel.
  const distDir = process.argv[2] ? path.resolve(process.argv[2]) : DIST;
  for (const [name, value] of await phoneDeltaRows(distDir)) console.log(`${name}: ${value}`);
}
