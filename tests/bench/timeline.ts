/**
 * The run's timeline: what a slide change and an audience change cost now that each is recorded.
 * A slide change is one more row in the same commit (SQLite) or one more RPUSH in the same script
 * (Redis); the audience is sampled, so a room filling up costs a timer touch per phone and a write
 * per interval. Per-event cost is measured early in a run and again after 100,000 events, to show it
 * does not grow with the timeline.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordAudienceTimeline } from '../../server/live/audienceTimeline.ts';
import type { LiveDeck } from '../../server/live/liveDeck.ts';
import { createMemoryStore } from '../../server/store/memory.ts';
import { openRedisStore } from '../../server/store/redis.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { TalkStore } from '../../server/store/types.ts';
import { startRedis } from '../helpers/redis.ts';
import type { BenchTable } from './table.ts';

const DECK = 'bench-deck';
const SAMPLE = 2000;
const FILL = 100_000;

const slide = (i: number) => ({ h: i % 50, v: 0, f: (i % 3) - 1 });

/** µs per slide change, each awaited on its own (a commit each, as a speaker clicks). */
async function sequential(store: TalkStore, count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) await store.setSlide(DECK, slide(i));
  return ((performance.now() - started) * 1000) / count;
}

/** Fills the timeline fast: many changes per commit. */
async function fill(store: TalkStore, count: number): Promise<void> {
  for (let done = 0; done < count; done += 1000) {
    await Promise.all(Array.from({ length: 1000 }, (_, i) => store.setSlide(DECK, slide(done + i))));
  }
}

async function measure(store: TalkStore): Promise<[string, string]> {
  await store.newRun(DECK, { name: 'bench', rehearsal: false });
  const early = await sequential(store, SAMPLE);
  await fill(store, FILL);
  const late = await sequential(store, SAMPLE);
  return [early.toFixed(0), late.toFixed(0)];
}

/** 10,000 phones join as fast as they can: the timeline gets a sample per interval, not per phone. */
async function audienceSampling(): Promise<string[][]> {
  const store = createMemoryStore();
  let writes = 0;
  const counting: TalkStore = {
    ...store,
    recordAudience: (deck, n) => {
      writes += 1;
      return store.recordAudience(deck, n);
    },
  };
  let audience = 0;
  const listeners: (() => void)[] = [];
  const live = {
    talk: {
      deck: DECK,
      get audience() {
        return audience;
      },
    },
    onCountersChanged: (listener: () => void) => listeners.push(listener),
    onRunStarted: () => {},
  } as unknown as LiveDeck;
  const timeline = recordAudienceTimeline(live, counting, 50);
  const phones = 10_000;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < phones; i++) {
    audience += 1;
    for (const listener of listeners) listener();
    if (i % 500 === 499) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const cpu = process.cpuUsage(cpuStart);
  const seconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 120));
  timeline.close();
  const perJoinNs = ((cpu.user + cpu.system) * 1000) / phones;
  return [
    ['audience: phones joining', `${phones.toLocaleString('en')} in ${seconds.toFixed(2)} s`],
    ['audience: samples written (50 ms interval here, 5 s live)', String(writes)],
    ['audience: CPU per join, whole loop (ns)', perJoinNs.toFixed(0)],
  ];
}

export async function benchTimeline(): Promise<BenchTable> {
  const rows: string[][] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-timeline-'));
  try {
    for (const sync of ['normal', 'full'] as const) {
      const store = openSqliteStore(path.join(dir, `${sync}.sqlite`), { synchronous: sync });
      const [early, late] = await measure(store);
      await store.close();
      const bytes = fs.statSync(path.join(dir, `${sync}.sqlite`)).size;
      rows.push([`slide change, SQLite synchronous=${sync.toUpperCase()} (µs, first ${SAMPLE})`, early]);
      rows.push([
        `slide change, SQLite synchronous=${sync.toUpperCase()} (µs, after ${FILL.toLocaleString('en')})`,
        late,
      ]);
      if (sync === 'normal')
        rows.push([
          'SQLite file per slide change (bytes, position + timeline)',
          (bytes / (FILL + 2 * SAMPLE)).toFixed(0),
        ]);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const redis = await startRedis();
  try {
    const store = await openRedisStore(redis.url);
    const [early, late] = await measure(store);
    await store.close();
    rows.push([`slide change, Redis appendfsync always (µs, first ${SAMPLE})`, early]);
    rows.push([`slide change, Redis appendfsync always (µs, after ${FILL.toLocaleString('en')})`, late]);
  } finally {
    await redis.stop();
  }
  rows.push(...(await audienceSampling()));
  return {
    title: 'Timeline: per-event cost of recording slide changes and the audience',
    columns: ['measure', 'value'],
    rows,
    notes: [
      'A slide change writes its position and appends one timeline row in the same commit (SQLite) or script (Redis): O(1), flat from the first change to the 100,000th.',
      'The audience is sampled: one write per interval at most, and only when the count moved; a join costs a timer touch.',
    ],
  };
}
