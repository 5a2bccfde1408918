/**
 * Item 9: 10,000 phones (a new id each) connect, get their snapshot and drop, 20 at a time. The
 * server's heap after a full collection stays within 10% of its baseline, taken after 2,000 warm-up
 * cycles: the heap still grows ~1 MiB between 500 and 2,000 cycles (compiled code, pools), then stays
 * flat (measured 19.7, 20.2, 20.3, 20.2 MiB after 2,000 and three more runs of 10,000).
 */
import path from 'node:path';
import { count, mib, recordFigure, type Figure } from '../harness/figures.ts';
import { forkChild } from '../harness/ipcChild.ts';
import { startStressRoom } from '../harness/stressRoom.ts';

const WARM_UP = 2000;
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
      crowd.request<{ ms: number; refused: number }>({ type: 'churn', url: server.url, deck: room.deck, prefix, cycles, parallel: PARALLEL }, 600_000);
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
