/**
 * Tallies, rating and audience across nodes, coalesced: each node reads them from Redis once per
 * interval (and writes its own audience count in the same step when it changed, or to keep it from
 * expiring) and sends its own phones the result
 * through the deck's usual coalescer. Between nodes there is no message per vote at all; the cost is
 * one small script per node and deck per interval, whatever the number of voters.
 *
 * The same read carries the deck's sequence number. A node that sees Redis ahead of itself on two
 * reads in a row has lost a relay (they travel over Redis pub/sub, which keeps nothing for a node
 * that was reconnecting): it reads the stored state and sends its phones fresh snapshots.
 *
 * It also carries the current run's id: when another node started a new run, this node loads it and
 * moves its own sockets to it.
 */
import type { Logger } from '../log.ts';
import type { RedisClient } from '../store/redis/connection.ts';
import { readCounters, readRuns, readStoredPosition, readTalk } from '../store/redis/reads.ts';
import { readRoom, readRoomCounters } from '../store/redis/room.ts';
import type { ClusterDeck } from './clusterDeck.ts';

export interface SharedCountersOptions {
  nodeId: string;
  /** Time between two reads. @defaultValue 250 */
  intervalMs?: number;
  /** How long this node's audience count counts after its last write (a killed node drops out after it). @defaultValue 3000 */
  audienceTtlMs?: number;
  log?: Logger;
}

export interface SharedCountersLoop {
  /** Reads now (also what the timer calls); resolves when done. */
  refresh(): Promise<void>;
  /** Stops reading and takes this node's audience out of the sum. */
  stop(): Promise<void>;
}

export function startSharedCounters(
  live: ClusterDeck,
  client: RedisClient,
  options: SharedCountersOptions,
): SharedCountersLoop {
  // The deck's polls and scale stay the same from run to run; the talk itself is replaced by a new run.
  const { talk: first } = live;
  const intervalMs = options.intervalMs ?? 250;
  const request = {
    polls: first.quizzes.map((quiz) => ({ id: quiz.id, choices: quiz.choices.length })),
    scale: first.rating?.scale ?? 0,
  };
  const ttlMs = options.audienceTtlMs ?? 3000;
  const node = (phones: number | null) => ({ id: options.nodeId, phones, ttlMs });
  /** This node's count as last written, so an unchanged count is written only to keep it from expiring. */
  let written: { phones: number; at: number } | null = null;
  const phonesToWrite = (now: number): number | null => {
    const phones = live.talk.localAudience;
    // Each write is an fsync on a durable Redis: a quiet room costs one per node every ttl/3, not four a second.
    return written && written.phones === phones && now - written.at < ttlMs / 3 ? null : phones;
  };

  let running: Promise<void> | null = null;
  let stopped = false;
  /** Redis's sequence number at the previous read, when it was ahead of this node. */
  let aheadAt: number | null = null;

  const read = async (): Promise<void> => {
    const now = Date.now();
    const phones = phonesToWrite(now);
    const counters = await readCounters(client, first.deck, { ...request, node: node(phones) });
    if (phones !== null) written = { phones, at: now };
    const room = await readRoomCounters(client, live.talk.deck);
    if (stopped) return;
    if (counters.run > 0 && counters.run !== live.talk.run?.id) {
      await followNewRun(counters.run);
      return;
    }
    const { talk } = live;
    if (talk.useShared(counters)) live.phoneViewChanged();
    if (talk.useRoomCounters(room.version, room.lost)) {
      // Questions moved (asked, upvoted, approved) through some node: read them all, once per interval at most.
      const stored = await readRoom(client, talk.deck, false);
      if (stopped) return;
      talk.useQuestions(stored.questions, stored.version);
      live.questionsChanged();
    }
    live.countersChanged();
    if (counters.seq <= talk.seq) {
      aheadAt = null;
    } else if (aheadAt === null || talk.seq >= aheadAt) {
      // A relay may still be on its way: only a change still missing one interval later was lost.
      aheadAt = counters.seq;
    } else {
      aheadAt = null;
      const state = await readStoredPosition(client, talk.deck);
      if (!stopped && talk.catchUp(state)) {
        const sockets = live.resyncLocalSockets();
        options.log?.info(`${talk.deck}: caught up to seq ${talk.seq} from Redis, ${sockets} sockets resynced`);
      }
    }
  };

  /** Another node started run `run`: load it and move this node's sockets to it. */
  const followNewRun = async (run: number): Promise<void> => {
    const [stored, runs] = await Promise.all([readTalk(client, first.deck), readRuns(client, first.deck)]);
    const info = runs.find((r) => r.id === run);
    if (stopped || !info || live.talk.run?.id === run) return;
    live.startRun(live.talk.nextRun(stored, info));
    aheadAt = null;
    options.log?.info(`${first.deck}: run ${run} (${info.name}) started on another node`);
  };

  const refresh = (): Promise<void> => {
    running ??= read()
      .catch(() => {
        // Redis away: keep showing the last counters; the connection logs the outage once.
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const timer = setInterval(() => void refresh(), intervalMs);
  void refresh();

  return {
    refresh,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await readCounters(client, first.deck, { ...request, node: node(0) }).catch(() => {});
    },
  };
}
