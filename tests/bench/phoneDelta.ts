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
    for (const record of records) {
      const card = record.target;
      if (card === live || !card.classList.contains('aud-card') || !card.classList.contains('is-live')) continue;
      live = card;
      console.timeStamp('${LIVE_MARK}');
      // Told after the frame that shows the card: the call to the bench falls outside the measure.
      requestAnimationFrame(() => setTimeout(() => window.__cardShown?.(card.dataset.slide)));
      return;
    }
  }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['class'] });
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
    // The slides in order, as a talk goes: each move a new live card. The page calls out when the card
    // is shown, rather than being polled: a poll is DevTools work in the renderer, inside the window.
    for (let h = 1; h <= moves; h++) {
      const shown = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`slide ${h} not shown on the phone in 15 s`)), 15_000);
        onShown = (slide) => {
          if (slide !== `${h}.0`) return;
          clearTimeout(timer);
          resolve();
        };
      });
      await new Promise((resolve) => presenter.emit('slide:set', { h, v: 0, f: -1 }, resolve));
      await shown;
      // Let the smooth scroll and whatever else the move set off finish before the next.
      await page.waitForTimeout(700);
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
      .slice(-moves);
    const marks = events.filter((e) => e.name === 'TimeStamp' && e.args?.data?.message === LIVE_MARK).sort(byTime);
    const wire = await page.evaluate(() => (window as unknown as { __wire?: string }).__wire ?? 'none');
    return receipts.map((receipt) => {
      const from = receipt.ts;
      const live = marks.find((mark) => mark.ts >= from);
      if (!live) throw new Error('a move left no mark of its card going live in the trace');
      // The card is shown when the commit of the first frame after the page made it live ends.
      const commit = onMain.find((e) => e.name === 'Commit' && e.ts >= live.ts);
      if (!commit) throw new Error('no frame was committed after a card went live');
      return { ...splitBusyTime(onMain, from, commit.ts + (commit.dur ?? 0)), wire };
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
          `${move.busy.toFixed(1)} ms: ${[...move.byName]
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
  const runMedians = (key: 'busy' | 'cpu' | 'script' | 'styleLayout' | 'paintComposite') =>
    sortNumbers(perRun.map((moves) => median(moves.map((m) => m[key]))));
  const busy = runMedians('busy');
  const all = sortNumbers(perRun.flat().map((m) => m.busy));
  const part = (key: 'cpu' | 'script' | 'styleLayout' | 'paintComposite') => {
    const medians = runMedians(key);
    return `${percentile(medians, 50).toFixed(1)} ms (${medians[0]!.toFixed(1)}–${medians.at(-1)!.toFixed(1)})`;
  };
  return [
    [
      `slide change on the phone, main thread at ${CPU_SLOWDOWN}× CPU, over the ${perRun[0]?.[0]?.wire ?? 'none'} (advanced-kubernetes)`,
      `${percentile(busy, 50).toFixed(1)} ms, median of ${runs} runs' medians (runs ${busy[0]!.toFixed(1)}–${busy.at(-1)!.toFixed(1)}; ` +
        `moves ${all[0]!.toFixed(1)}–${all.at(-1)!.toFixed(1)} over ${all.length}; load average ${load}) (target ≤ 4 ms)`,
    ],
    ['… its thread CPU time (the same tasks, without the waits a loaded box adds)', part('cpu')],
    [
      '… of which script / style+layout / paint+composite',
      `${part('script')} / ${part('styleLayout')} / ${part('paintComposite')}`,
    ],
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // LECTERN_BENCH_BREAKDOWN=1 also prints each move's busiest trace events (self time);
  // LECTERN_BENCH_TRACE=file.json keeps the last run's trace, for the DevTools performance panel.
  const distDir = process.argv[2] ? path.resolve(process.argv[2]) : DIST;
  for (const [name, value] of await phoneDeltaRows(distDir)) console.log(`${name}: ${value}`);
}
