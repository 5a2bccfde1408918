/**
 * What a slide change costs the phone: main-thread time in Chromium, at a 4× CPU slowdown, from the
 * WebSocket frame's arrival to the frame that shows the new live card. The real phone page on the
 * built decks and the real server; the presenter moves through the deck from a socket.io client.
 *
 * Measured from a DevTools trace: the page notes when the `slide` frame arrives and when the card
 * it shows has been painted (the animation frame after the one that found it live); the busy time is
 * the renderer main thread's tasks between the frame's `WebSocketReceive` and that instant.
 */
import path from 'node:path';
import { io as ioClient } from 'socket.io-client';
import { createApp } from '../../server/app.ts';
import { silentLogger } from '../../server/log.ts';
import { createMemoryStore } from '../../server/store/memory.ts';
import { startBrowser } from '../helpers/browser.ts';
import { DIST } from '../helpers/build.ts';
import { CPU_SLOWDOWN } from './phoneOpen.ts';
import { percentile, sortNumbers } from './table.ts';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/**
 * In the page, before its scripts: notes each slide frame's arrival and when its card was painted.
 * A string, not a function: tsx would wrap a function's inner functions in a helper the page lacks.
 */
const INSTRUMENT = `
window.__deltas = [];
const Native = window.WebSocket;
window.WebSocket = class extends Native {
  constructor(url, protocols) {
    super(url, protocols);
    window.__wire = new URL(url, location.href).pathname === '/live' ? 'phone wire' : 'socket.io';
    this.addEventListener('message', (event) => {
      // The phone wire's frame, or socket.io's packet when the phone fell back to it.
      if (typeof event.data !== 'string' || !/^(42)?\\["slide"/.test(event.data)) return;
      const delta = { arrived: performance.now() };
      window.__deltas.push(delta);
      const card = () => document.querySelector('.aud-card.is-live');
      const before = card();
      // Checked once a frame: the frame after the one that found the new card live has painted it.
      const check = () => {
        if (card() === before) return requestAnimationFrame(check);
        requestAnimationFrame(() => { delta.painted = performance.now(); });
      };
      requestAnimationFrame(check);
    });
    // Registered after the page's own handler (set as the socket is made): the time between the two
    // listeners is the page's handling of the frame, the wire's decoding and the talk's update.
    queueMicrotask(() => this.addEventListener('message', (event) => {
      const delta = window.__deltas[window.__deltas.length - 1];
      if (!delta || delta.handled !== undefined || !/^(42)?\\["slide"/.test(event.data)) return;
      delta.handled = performance.now() - delta.arrived;
    }));
  }
};`;

/** Main-thread milliseconds per slide change, and which wire the phone page heard them on. */
export interface PhoneDeltas {
  busy: number[];
  /** Per move, the page's message handler alone (decode, talk state, the synchronous part of the card's update). */
  handler: number[];
  wire: string;
}

export async function measurePhoneDelta(
  deck = 'advanced-kubernetes',
  moves = 12,
  distDir = DIST,
): Promise<PhoneDeltas> {
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
    await page.goto(`${origin}/${deck}/join/`);
    await page.waitForFunction(() => document.querySelector('.aud-badge')?.getAttribute('data-state') === 'live');
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
    // The slides in order, as a talk goes: each move a new live card.
    for (let h = 1; h <= moves; h++) {
      await new Promise((resolve) => presenter.emit('slide:set', { h, v: 0, f: -1 }, resolve));
      await page.waitForFunction((n) => {
        const deltas = (window as unknown as { __deltas: { painted?: number }[] }).__deltas;
        return deltas.length >= n && deltas[n - 1]!.painted !== undefined;
      }, h);
      // Let the smooth scroll and whatever else the move set off finish before the next.
      await page.waitForTimeout(700);
    }
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
    const deltas = await page.evaluate(
      () => (window as unknown as { __deltas: { arrived: number; painted: number; handled: number }[] }).__deltas,
    );
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const tasks = events.filter(
      (e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.name === 'RunTask',
    );
    const receipts = events.filter((e) => e.name === 'WebSocketReceive').sort((a, b) => a.ts - b.ts);
    // Slide frames are the only WebSocket frames a phone gets while the speaker moves (stats aside, which a move does not set off).
    const slideReceipts = receipts.slice(-deltas.length);
    const wire = await page.evaluate(() => (window as unknown as { __wire?: string }).__wire ?? 'none');
    const busy = deltas.map((delta, i) => {
      const from = slideReceipts[i]!.ts;
      const to = from + (delta.painted - delta.arrived) * 1000;
      let busy = 0;
      for (const task of tasks) {
        const start = Math.max(from, task.ts);
        const end = Math.min(to, task.ts + (task.dur ?? 0));
        if (end > start) busy += end - start;
      }
      if (process.env.LECTERN_BENCH_BREAKDOWN) {
        const byName = new Map<string, number>();
        for (const e of events) {
          if (!main || e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || e.ts < from || e.ts > to) continue;
          byName.set(e.name, (byName.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
        }
        console.log(
          [...byName]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 8)
            .map(([n, d]) => `${n} ${d.toFixed(1)}`)
            .join(', '),
        );
      }
      return busy / 1000;
    });
    return { busy, handler: deltas.map((delta) => delta.handled), wire };
  } finally {
    presenter.disconnect();
    await browser.close();
    await app.close();
  }
}

export async function phoneDeltaRows(distDir = DIST): Promise<[string, string][]> {
  const measured = await measurePhoneDelta('advanced-kubernetes', 12, distDir);
  const busy = sortNumbers(measured.busy);
  const handler = sortNumbers(measured.handler);
  return [
    [
      `slide change on the phone, main thread at ${CPU_SLOWDOWN}× CPU, over the ${measured.wire} (advanced-kubernetes)`,
      `${percentile(busy, 50).toFixed(1)} ms median, ${busy[0]!.toFixed(1)}–${busy[busy.length - 1]!.toFixed(1)} ms over ${busy.length} moves (target ≤ 4 ms)`,
    ],
    [
      `  of which the page's message handler (decode, talk state, card switched)`,
      `${percentile(handler, 50).toFixed(1)} ms median, ${handler[0]!.toFixed(1)}–${handler[handler.length - 1]!.toFixed(1)} ms`,
    ],
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // LECTERN_BENCH_BREAKDOWN=1 also prints each move's busiest trace events.
  const distDir = process.argv[2] ? path.resolve(process.argv[2]) : DIST;
  for (const [name, value] of await phoneDeltaRows(distDir)) console.log(`${name}: ${value}`);
}
