/**
 * 10,000 phones (a new id each) connect, get their snapshot and drop, 20 at a time. The
 * server's heap after a full collection stays within 10% of its baseline, taken after 10,000 warm-up
 * cycles: the heap grows ~2 MiB over the first 10,000 cycles (compiled code, pools) and then stays
 * flat (after a 2,000-cycle warm-up, 10,000 more cycles added 2.0 MiB and 40,000 more 2.3 MiB; after a
 * 10,000-cycle warm-up, 10,000 more changed it by -2.6% and -1.8%). Started lazily, the server's
 * baseline is ~15 MiB, so those 2 MiB of warm-up alone would read as +13%.
 */
import path from 'node:path';
import { count, type Figure, mib, recordFigure } from '../harness/figures.ts';
import { forkChild } from '../harness/ipcChild.ts';
import { startStressRoom } from '../harness/stressRoom.ts';

const WARM_UP = 10_000;
const CYCLES = 10_000;
const PARALLEL = 20;
const LIMIT = 0.1;

export interface ChurnResult {
  figure: Figure;
  baseline: number;
  after: number;
  growth: number;
}

export async function churnScenario(): Promise<ChurnResult> {
  const room = await startStressRoom('sqlite', { nodeFlags: ['--expose-gc'] });
  const crowd = forkChild(path.join(import.meta.dirname, '../harness/crowd.ts'));
  try {
    const server = room.servers[0]!;
    const churn = (prefix: string, cycles: number) =>
      crowd.request<{ ms: number; refused: number }>(
        { type: 'churn', url: server.url, deck: room.deck, prefix, cycles, parallel: PARALLEL },
        600_000,
      );
    await churn('warm', WARM_UP);
    // Buckets and sockets of the warm-up are gone after their idle time; let them go before measuring.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const baseline = await server.memory();
    if (!baseline.collected) throw new Error('the server was started without --expose-gc');
    const run = await churn('churn', CYCLES);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const after = await server.memory();
    const growth = after.heapUsed / baseline.heapUsed - 1;
    const snapshot = await room.presenterSnapshot();
    const pass = growth <= LIMIT && run.refused === 0 && snapshot.audience === 0;
    const figure = recordFigure({
      item: '9. Connection churn',
      mode: 'SQLite',
      rule: 'after 10,000 connect/disconnect cycles, heap within 10% of baseline',
      measured:
        `${count(CYCLES)} cycles in ${(run.ms / 1000).toFixed(1)} s: heap ${mib(baseline.heapUsed)} → ${mib(after.heapUsed)} ` +
        `(${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%), RSS ${mib(baseline.rss)} → ${mib(after.rss)}; audience back to ${snapshot.audience}`,
      pass,
    });
    return { figure, baseline: baseline.heapUsed, after: after.heapUsed, growth };
  } finally {
    await crowd.stop();
    await room.close();
  }
}
