/**
 * 2,000 phones that voted, then a server restart (`kill -9` and start again on the same port;
 * on Redis, both nodes). Every phone is resynced (a snapshot from the new process with the current
 * slide and its own ballot) within 30 s, the tally counts each phone once, and the restarted server's
 * event-loop delay p99 during the storm stays under 200 ms.
 */
import path from 'node:path';
import type { PhoneView, VoteRecord } from '../harness/crowd.ts';
import { count, type Figure, ms, recordFigure } from '../harness/figures.ts';
import { forkChild, type IpcChild } from '../harness/ipcChild.ts';
import type { LagFigures } from '../harness/serverProcess.ts';
import { MODE_NAMES, type StressMode, startStressRoom } from '../harness/stressRoom.ts';

const PHONES = 2000;
const CROWDS = 2;
const RESYNC_LIMIT_MS = 30_000;
const LAG_P99_LIMIT_MS = 200;
const SLIDE = { h: 3, v: 0, f: -1 };

export interface StormResult {
  figure: Figure;
  resyncMs: number;
  resynced: number;
  voters: number;
  lag: LagFigures;
  problems: string[];
}

export async function reconnectStorm(mode: StressMode): Promise<StormResult> {
  const room = await startStressRoom(mode);
  const crowds: IpcChild[] = Array.from({ length: CROWDS }, () =>
    forkChild(path.join(import.meta.dirname, '../harness/crowd.ts')),
  );
  const problems: string[] = [];
  try {
    const presenter = await room.presenter();
    await presenter.emitWithAck('poll:open', { pollId: 'q1' });
    const perCrowd = PHONES / CROWDS;
    await Promise.all(
      crowds.map((crowd, i) =>
        crowd.request({ type: 'open', urls: room.urls(), deck: room.deck, prefix: `storm${i}`, count: perCrowd }),
      ),
    );
    // Every phone votes once; the vote is what a duplicate would show up against.
    const votes = await Promise.all(
      crowds.map((crowd) =>
        crowd.request<{ records: VoteRecord[] }>({ type: 'vote', pollIds: ['q1'], choices: 3, rounds: 1 }),
      ),
    );
    const voted = new Map(
      votes.flatMap((v) => v.records).map((r) => [r.clientId, r.sends[0]?.ok ? r.sends[0].choice : null]),
    );
    const moved = await presenter.emitWithAck('slide:set', SLIDE);
    if (!moved.ok) throw new Error(`slide:set refused: ${moved.error}`);
    presenter.disconnect();
    const views = async () =>
      (await Promise.all(crowds.map((c) => c.request<{ views: PhoneView[] }>({ type: 'views' })))).flatMap(
        (r) => r.views,
      );

    // The restart: every server process killed and started again where its phones reconnect.
    const restartedAt = Date.now();
    await Promise.all(room.servers.map((_, i) => room.restart(i)));
    await Promise.all(room.servers.map((s) => s.resetLag()));
    const backMs = Date.now() - restartedAt;

    const isResynced = (v: PhoneView) =>
      v.connected &&
      v.snapshot !== null &&
      v.snapshot.at > restartedAt &&
      v.snapshot.seq >= moved.seq &&
      v.snapshot.slide.h === SLIDE.h &&
      v.snapshot.yourChoice.q1 === voted.get(v.clientId);
    let latest: PhoneView[] = [];
    while (Date.now() - restartedAt < RESYNC_LIMIT_MS + 5000) {
      latest = await views();
      if (latest.every(isResynced)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const resynced = latest.filter(isResynced).length;
    const resyncMs = Math.max(...latest.filter(isResynced).map((v) => v.snapshot!.at)) - restartedAt;
    if (resynced < PHONES) problems.push(`${PHONES - resynced} phones not resynced`);
    const lags = await Promise.all(room.servers.map((s) => s.lag()));
    const lag = lags.reduce((worst, l) => (l.p99 > worst.p99 ? l : worst));

    const snapshot = await room.presenterSnapshot(0);
    const tally = snapshot.polls.find((p) => p.id === 'q1')!.tally!;
    const expected = [0, 0, 0];
    for (const choice of voted.values()) if (choice !== null) expected[choice]! += 1;
    if (tally.voters !== PHONES) problems.push(`tally counts ${tally.voters} voters, not ${PHONES}`);
    if (JSON.stringify(tally.counts) !== JSON.stringify(expected))
      problems.push(`tally ${tally.counts} != ballots ${expected}`);
    const stored = await room.stored();
    const storedQ1 = stored.ballots.filter((b) => b.pollId === 'q1').length;
    if (storedQ1 !== PHONES) problems.push(`the store holds ${storedQ1} ballots, not ${PHONES}`);

    const pass = problems.length === 0 && resyncMs <= RESYNC_LIMIT_MS && lag.p99 < LAG_P99_LIMIT_MS;
    const figure = recordFigure({
      item: '3. Reconnect storm',
      mode: MODE_NAMES[mode],
      rule: `${count(PHONES)} phones, server restart: all resynced ≤ 30 s, no duplicate ballot, lag p99 < 200 ms`,
      measured:
        `${count(resynced)}/${count(PHONES)} resynced ${(resyncMs / 1000).toFixed(1)} s after the kill (server back after ${(backMs / 1000).toFixed(1)} s); ` +
        `${count(tally.voters)} voters, ${count(storedQ1)} stored ballots; lag p99 ${ms(lag.p99)}, max ${ms(lag.max)}`,
      pass,
    });
    return { figure, resyncMs, resynced, voters: tally.voters, lag, problems };
  } finally {
    await Promise.all(crowds.map((c) => c.stop()));
    await room.close();
  }
}
