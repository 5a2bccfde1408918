/**
 * Reading a deck back from Redis: the whole talk (at start-up, for results), and the two small reads
 * a node of a cluster makes while the talk runs (the shared counters, one client's own choices).
 */

import { INITIAL_POLL, type PollRecord } from '../../talk/records.ts';
import { BEFORE_RUNS, type RunInfo, type Timeline } from '../../talk/runs.ts';
import type { StoredTalk } from '../types.ts';
import { type RedisClient, runScript } from './connection.ts';
import { type DeckKeys, deckKeys, decodePoll, runKeys } from './keys.ts';
import { countsByIndex, integer, list, optionalText, pairs } from './replies.ts';
import { CLIENT_VIEW, COUNTERS, LOAD } from './scripts.ts';

/** The deck's position and poll records, without ballots and ratings. */
export type StoredPosition = Pick<StoredTalk, 'seq' | 'slide' | 'polls'>;

/** The current run, or run `run` (the current one's keys if it is still current). */
export async function readTalk(client: RedisClient, deck: string, run?: number): Promise<StoredTalk> {
  return readTalkAt(client, await keysOfRun(client, deck, run));
}

/** The talk kept under `keys` (a caller that already knows where the run lives). */
export async function readTalkAt(client: RedisClient, keys: DeckKeys): Promise<StoredTalk> {
  const [state, ballotsReply, ratingsReply] = await readLoad(client, keys, true);
  const ballots: StoredTalk['ballots'] = [];
  const grouped = list(ballotsReply, 'ballots');
  for (let i = 0; i + 1 < grouped.length; i += 2) {
    const pollId = optionalText(grouped[i], 'poll id') ?? '';
    for (const [clientId, choice] of pairs(grouped[i + 1], 'ballots')) {
      ballots.push({ pollId, clientId, choice: integer(choice, 'choice') });
    }
  }
  const ratings = pairs(ratingsReply, 'ratings').map(([clientId, score]) => ({
    clientId,
    score: integer(score, 'score'),
  }));
  return { ...state, ballots, ratings };
}

export async function readStoredPosition(client: RedisClient, deck: string): Promise<StoredPosition> {
  const [state] = await readLoad(client, deckKeys(deck), false);
  return state;
}

/** The id of the run the deck's own keys hold: 0 for a deck never touched, 1 for one from before runs. */
export async function currentRunId(client: RedisClient, deck: string): Promise<number> {
  const keys = deckKeys(deck);
  const run = await client.hGet(keys.talk, 'run');
  if (run) return integer(run, 'run');
  return (await client.exists([keys.talk, keys.polls, keys.ratings, keys.slideLog, keys.audienceLog])) > 0 ? 1 : 0;
}

/**
 * Where run `run` is kept. An ended run's keys never change again, so reading them in a second step
 * is safe; a run that ends between the two steps is read as the new one, a moment late.
 */
async function keysOfRun(client: RedisClient, deck: string, run: number | undefined): Promise<DeckKeys> {
  if (run === undefined || run === (await currentRunId(client, deck))) return deckKeys(deck);
  return runKeys(deck, run);
}

export async function readRuns(client: RedisClient, deck: string): Promise<RunInfo[]> {
  const keys = deckKeys(deck);
  const [stored, current] = await Promise.all([client.hGetAll(keys.runs), currentRunId(client, deck)]);
  const runs = new Map<number, RunInfo>();
  for (const [field, json] of Object.entries(stored)) {
    const id = integer(field, 'run id');
    runs.set(id, parseRunInfo(id, json));
  }
  // Data written before runs existed: run 1, current, with no entry of its own yet.
  if (current > 0 && !runs.has(current)) {
    const first = await client.lIndex(keys.slideLog, 0);
    const startedAt = first ? integer(first.split(',')[0], 'slide change') : 0;
    runs.set(current, { id: current, name: BEFORE_RUNS, rehearsal: false, startedAt, endedAt: null });
  }
  return [...runs.values()].sort((a, b) => a.id - b.id);
}

/** A run's entry in the runs hash: JSON `{name, rehearsal, startedAt, endedAt}`. */
export function parseRunInfo(id: number, json: string): RunInfo {
  const info = JSON.parse(json) as { name?: unknown; rehearsal?: unknown; startedAt?: unknown; endedAt?: unknown };
  return {
    id,
    name: typeof info.name === 'string' ? info.name : '',
    rehearsal: info.rehearsal === true,
    startedAt: typeof info.startedAt === 'number' ? info.startedAt : 0,
    endedAt: typeof info.endedAt === 'number' ? info.endedAt : null,
  };
}

export async function readTimeline(client: RedisClient, deck: string, run?: number): Promise<Timeline> {
  const keys = await keysOfRun(client, deck, run);
  const [slides, audience] = await Promise.all([
    client.lRange(keys.slideLog, 0, -1),
    client.lRange(keys.audienceLog, 0, -1),
  ]);
  return {
    slides: slides.map((entry) => {
      const [at, h, v, f] = entry.split(',').map((n) => integer(n, 'slide change'));
      return { at: at!, h: h!, v: v!, f: f! };
    }),
    audience: audience.map((entry) => {
      const [at, count] = entry.split(',').map((n) => integer(n, 'audience sample'));
      return { at: at!, count: count! };
    }),
  };
}

async function readLoad(
  client: RedisClient,
  keys: DeckKeys,
  withVotes: boolean,
): Promise<[StoredPosition, unknown, unknown]> {
  const reply = list(
    await runScript(client, LOAD, [keys.talk, keys.polls, keys.ratings], [keys.ballotsPrefix, withVotes ? '1' : '0']),
    'load',
  );
  const [seq, h, v, f] = list(reply[0], 'talk').map((field) => optionalText(field, 'talk'));
  const polls: Record<string, PollRecord> = {};
  for (const [pollId, record] of pairs(reply[1], 'polls')) polls[pollId] = decodePoll(record);
  const slide =
    h !== null && h !== undefined && v !== null && v !== undefined && f !== null && f !== undefined
      ? { h: integer(h, 'h'), v: integer(v, 'v'), f: integer(f, 'f') }
      : null;
  return [{ seq: seq ? integer(seq, 'seq') : 0, slide, polls }, reply[2], reply[3]];
}

/** What the room can see change without a delta: tallies, the rating, the audience. */
export interface SharedCounters {
  seq: number;
  /** The current run's id (0 for data from before runs): a node that sees it change starts the new run too. */
  run: number;
  /** Phones on every node whose count has not expired. */
  audience: number;
  /** Ratings per score: `scores[0]` counts the 1s. */
  scores: number[];
  /** By poll id: the round these counts belong to (a reset starts a new one) and ballots per choice. */
  tallies: Map<string, { round: number; counts: number[] }>;
}

export interface CountersRequest {
  /** The quiz polls to read, with their number of choices. */
  polls: readonly { id: string; choices: number }[];
  /** Size of the rating scale (0 without a rating). */
  scale: number;
  /** This node's id and phone count, written in the same step; `phones: null` writes nothing. */
  node: { id: string; phones: number | null; ttlMs: number };
}

export async function readCounters(
  client: RedisClient,
  deck: string,
  request: CountersRequest,
): Promise<SharedCounters> {
  const keys = deckKeys(deck);
  const { polls, node } = request;
  const reply = list(
    await runScript(
      client,
      COUNTERS,
      [keys.talk, keys.polls, keys.scores, keys.audience, ...polls.map((p) => keys.tally(p.id))],
      [node.id, node.phones === null ? '' : node.phones, node.ttlMs, ...polls.map((p) => p.id)],
    ),
    'counters',
  );
  const records = list(reply[3], 'records');
  const tallyReplies = list(reply[4], 'tallies');
  const tallies = new Map<string, { round: number; counts: number[] }>();
  polls.forEach((poll, i) => {
    tallies.set(poll.id, {
      round: roundOf(records[i]),
      counts: countsByIndex(tallyReplies[i], poll.choices, 'tally'),
    });
  });
  return {
    seq: integer(reply[0], 'seq'),
    run: integer(reply[5] ?? 0, 'run'),
    audience: integer(reply[1], 'audience'),
    scores: countsByIndex(reply[2], request.scale, 'scores', 1),
    tallies,
  };
}

/** One client's ballots (with the round each belongs to) and its rating. */
export interface ClientView {
  ballots: Map<string, { round: number; choice: number | null }>;
  score: number | null;
}

export async function readClientView(
  client: RedisClient,
  deck: string,
  clientId: string,
  pollIds: readonly string[],
): Promise<ClientView> {
  const keys = deckKeys(deck);
  const reply = list(
    await runScript(
      client,
      CLIENT_VIEW,
      [keys.polls, keys.ratings, ...pollIds.map((id) => keys.ballots(id))],
      [clientId, ...pollIds],
    ),
    'client view',
  );
  const records = list(reply[0], 'records');
  const choices = list(reply[1], 'choices');
  const ballots = new Map<string, { round: number; choice: number | null }>();
  pollIds.forEach((pollId, i) => {
    const choice = optionalText(choices[i], 'choice');
    ballots.set(pollId, { round: roundOf(records[i]), choice: choice === null ? null : integer(choice, 'choice') });
  });
  const score = optionalText(reply[2], 'score');
  return { ballots, score: score === null ? null : integer(score, 'score') };
}

function roundOf(record: unknown): number {
  const text = optionalText(record, 'poll record');
  return text === null ? INITIAL_POLL.round : decodePoll(text).round;
}
