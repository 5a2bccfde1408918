/**
 * What a slide change costs the phone: main-thread time in Chromium, at a 4× CPU slowdown, from the
 * WebSocket frame's arrival to the frame that shows the new live card (phoneTrace.ts says how). The
 * real phone page on the built decks and the real server; the presenter moves through the deck from a
 * socket.io client. Beside it, a bare page measured the same way (barePage.ts): the floor under any
 * page's figure on this machine, so what lectern adds to it can be read off.
 */
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { io as ioClient } from 'socket.io-client';
import { createApp } from '../../server/app.ts';
import { silentLogger } from '../../server/log.ts';
import { createMemoryStore } from '../../server/store/memory.ts';
import { startBrowser } from '../helpers/browser.ts';
import { DIST } from '../helpers/build.ts';
import { measureBarePage } from './barePage.ts';
import { CPU_SLOWDOWN } from './phoneOpen.ts';
import { type CostPart, type MoveCost, tracePage } from './phoneTrace.ts';
import { percentile, sortNumbers } from './table.ts';

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

export async function measurePhoneDelta(
  browser: Browser,
  deck = 'advanced-kubernetes',
  moves = 12,
  distDir = DIST,
): Promise<MoveCost[]> {
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
  try {
    const traced = await tracePage(browser, `${origin}/${deck}/join/`, async (page) => {
      await page.waitForFunction(() => document.querySelector('.aud-badge')?.getAttribute('data-state') === 'live');
      // The feed has taken over from the card the join page came with.
      await page.waitForSelector('.aud-feed .aud-card.is-live');
    });
    // The slides in order, as a talk goes: each move a new live card, then its first steps (bullets,
    // code lines) one by one.
    const kinds: ('move' | 'step')[] = [];
    const deliver = async (position: { h: number; f: number }, expected: string) => {
      const shown = traced.shown(expected);
      kinds.push(position.f < 0 ? 'move' : 'step');
      await new Promise((resolve) => presenter.emit('slide:set', { ...position, v: 0 }, resolve));
      await shown;
      // Let the smooth scroll and whatever else it set off (the next card, the next step made ready) finish before the next.
      await traced.page.waitForTimeout(700);
    };
    for (let h = 1; h <= moves; h++) {
      await deliver({ h, f: -1 }, `${h}.0`);
      const steps = await traced.page.evaluate(stepsOfLiveCard);
      for (let f = 0; f < Math.min(steps, STEPS_PER_SLIDE); f++) await deliver({ h, f }, `${h}.0 step`);
    }
    return await traced.finish(kinds);
  } finally {
    presenter.disconnect();
    await app.close();
  }
}

/** Repetitions of the whole measure (a fresh browser each): one run's median can ride on the box's load. */
const RUNS = 5;

export async function phoneDeltaRows(distDir = DIST, runs = RUNS): Promise<[string, string][]> {
  const median = (values: number[]) => percentile(sortNumbers(values), 50);
  const perRun: MoveCost[][] = [];
  const bareRuns: MoveCost[][] = [];
  for (let run = 0; run < runs; run++) {
    const browser = await startBrowser();
    let moves: MoveCost[];
    try {
      moves = await measurePhoneDelta(browser, 'advanced-kubernetes', 12, distDir);
      bareRuns.push(await measureBarePage(browser));
    } finally {
      await browser.close();
    }
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
  /** Each run's bare page, in run order: a run's figure is held against the bare page in the same browser. */
  const bareByRun = bareRuns.map((changes) => median(changes.map((change) => change.busy)));
  const bare = sortNumbers(bareByRun);
  const floor = percentile(bare, 50);
  /** Each run's median against the bare page's in the same run: the difference and the ratio, median and range. */
  const overBare = (byRun: number[]) => {
    const excess = sortNumbers(byRun.map((value, i) => value - bareByRun[i]!));
    const ratio = sortNumbers(byRun.map((value, i) => value / bareByRun[i]!));
    const signed = (ms: number) => `${ms < 0 ? '−' : '+'}${Math.abs(ms).toFixed(1)} ms`;
    return (
      `${signed(percentile(excess, 50))} (runs ${signed(excess[0]!)} to ${signed(excess.at(-1)!)}); ` +
      `${percentile(ratio, 50).toFixed(2)}× the bare page (${ratio[0]!.toFixed(2)}×–${ratio.at(-1)!.toFixed(2)}×)`
    );
  };
  /** The rows for one kind of change: its median over the runs' medians, their range, and its parts. */
  const rowsOf = (kind: 'move' | 'step', what: string): [string, string][] => {
    const runs = perRun.map((changes) => changes.filter((change) => change.kind === kind));
    const runMedians = (key: 'busy' | 'cpu' | CostPart) =>
      sortNumbers(runs.map((changes) => median(changes.map((change) => change[key]))));
    const busy = runMedians('busy');
    const all = sortNumbers(runs.flat().map((change) => change.busy));
    const part = (key: 'cpu' | CostPart) => {
      const medians = runMedians(key);
      return `${percentile(medians, 50).toFixed(1)} ms (${medians[0]!.toFixed(1)}–${medians.at(-1)!.toFixed(1)})`;
    };
    return [
      [
        `${what} on the phone, main thread at ${CPU_SLOWDOWN}× CPU, over the ${wire} (advanced-kubernetes)`,
        `${percentile(busy, 50).toFixed(1)} ms, median of ${runs.length} runs' medians (runs ${busy[0]!.toFixed(1)}–${busy.at(-1)!.toFixed(1)}; ` +
          `each ${all[0]!.toFixed(1)}–${all.at(-1)!.toFixed(1)} over ${all.length}; load average ${load}) (target ≤ 4 ms)`,
      ],
      [
        '… above the bare page in the same run (what lectern itself adds)',
        overBare(runs.map((changes) => median(changes.map((change) => change.busy)))),
      ],
      ['… its thread CPU time (the same tasks, without the waits a loaded box adds)', part('cpu')],
      [
        "… of which script / style+layout / paint / Chromium's own (the frame off the wire, the commit)",
        `${part('script')} / ${part('styleLayout')} / ${part('paintComposite')} / ${part('chromium')}`,
      ],
    ];
  };
  return [
    [
      `a bare page measured the same way: one WebSocket frame (taken in a worker, as the phone's) parsed, a class moved between two cards, one frame drawn (the floor at ${CPU_SLOWDOWN}× CPU on this machine)`,
      `${floor.toFixed(1)} ms, median of ${bare.length} runs' medians (runs ${bare[0]!.toFixed(1)}–${bare.at(-1)!.toFixed(1)})`,
    ],
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
