/**
 * One phone floods 1,000 votes a second for 10 s, reconnecting whenever it is closed, while 200
 * other phones vote every 2 s. The flooder is throttled (most of its votes refused, its connection
 * closed), and the others' acks stay fast: p95 under 100 ms.
 */
import path from 'node:path';
import { count, type Figure, ms, percentile, recordFigure } from '../harness/figures.ts';
import type { FloodResult } from '../harness/flooder.ts';
import { forkChild } from '../harness/ipcChild.ts';
import { MODE_NAMES, type StressMode, startStressRoom } from '../harness/stressRoom.ts';

const PHONES = 200;
const DURATION_MS = 10_000;
const FLOOD_PER_SECOND = 1000;
const P95_LIMIT_MS = 100;

export interface FloodScenarioResult {
  figure: Figure;
  p95: number;
  flood: FloodResult;
  othersVotes: number;
  flooderBallots: number;
}

export async function floodScenario(mode: StressMode): Promise<FloodScenarioResult> {
  const room = await startStressRoom(mode);
  const phones = forkChild(path.join(import.meta.dirname, '../harness/crowd.ts'));
  const flooder = forkChild(path.join(import.meta.dirname, '../harness/crowd.ts'));
  try {
    const presenter = await room.presenter();
    await presenter.emitWithAck('poll:open', { pollId: 'q1' });
    presenter.disconnect();
    await phones.request({ type: 'open', urls: room.urls(), deck: room.deck, prefix: 'calm', count: PHONES });

    const [steady, flood] = await Promise.all([
      phones.request<{ latencies: number[]; refused: number; unanswered: number }>({
        type: 'steady',
        pollId: 'q1',
        choices: 3,
        intervalMs: 2000,
        durationMs: DURATION_MS,
      }),
      flooder.request<FloodResult>({
        type: 'flood',
        url: room.urls()[0],
        deck: room.deck,
        clientId: 'flooder-000001',
        pollId: 'q1',
        perSecond: FLOOD_PER_SECOND,
        durationMs: DURATION_MS,
      }),
    ]);
    const p95 = percentile(steady.latencies, 95);
    const stored = await room.stored();
    const flooderBallots = stored.ballots.filter((b) => b.clientId === 'flooder-000001').length;
    const throttled = flood.accepted < flood.sent / 10 && flood.closedByServer > 0;
    const pass = p95 < P95_LIMIT_MS && throttled && steady.refused === 0 && flooderBallots <= 1;
    const figure = recordFigure({
      item: '5. Floods',
      mode: MODE_NAMES[mode],
      rule: 'one socket floods 1,000 votes/s: throttled; the other phones’ ack p95 < 100 ms',
      measured:
        `flooder sent ${count(flood.sent)} in ${DURATION_MS / 1000} s: ${count(flood.accepted)} accepted, ${count(flood.rateLimited)} rate-limited, ` +
        `closed ${count(flood.closedByServer)}×, ${flooderBallots} ballot; ${PHONES} others: ${count(steady.latencies.length)} votes, ` +
        `ack p50 ${ms(percentile(steady.latencies, 50))}, p95 ${ms(p95)}, p99 ${ms(percentile(steady.latencies, 99))}, ${steady.refused} refused`,
      pass,
    });
    return { figure, p95, flood, othersVotes: steady.latencies.length, flooderBallots };
  } finally {
    await Promise.all([phones.stop(), flooder.stop()]);
    await room.close();
  }
}
