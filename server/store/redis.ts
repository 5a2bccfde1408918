/**
 * The store for many nodes: the talk state, ballots and ratings of every deck in one Redis, shared by
 * every lectern process serving the talk. Each write is one Lua script (`redis/scripts.ts`), so two
 * nodes that get a vote from the same client id at the same moment still leave one ballot, and a
 * poll closed on one node refuses ballots on all of them.
 *
 * Durability is Redis's: a write resolves when Redis answered, and with `appendonly yes` and
 * `appendfsync always` Redis answers only after the append-only file is fsynced, so an acknowledged
 * vote survives a crash of Redis. `appendfsync everysec` (Redis's default) may lose the last second.
 *
 * Writes keep the order they were asked in: they go down one connection and Redis runs them in turn.
 */
import type { SlidePosition } from '../../src/protocol.ts';
import type { Logger } from '../log.ts';
import { BEFORE_RUNS } from '../talk/runs.ts';
import { closeRedis, connectRedis, type RedisClient, runScript } from './redis/connection.ts';
import {
  deckKeys,
  deckPrefix,
  decodePoll,
  encodePoll,
  endedRunPrefix,
  INITIAL_POLL_ENCODED,
  runKeys,
} from './redis/keys.ts';
import { currentRunId, parseRunInfo, readRuns, readTalkAt, readTimeline } from './redis/reads.ts';
import { integer, list, optionalText } from './redis/replies.ts';
import { askQuestion, readRoom, setLost, setQuestionState, upvoteQuestion } from './redis/room.ts';
import { roomMoves } from './redis/roomScripts.ts';
import { CAST_BALLOT, ENSURE_RUN, LOG_AUDIENCE, NEW_RUN, RATE, SET_SLIDE, UPDATE_POLL } from './redis/scripts.ts';
import type { CastResult, PollUpdateResult, StoredTalk, TalkStore } from './types.ts';

export interface RedisTalkStore extends TalkStore {
  /** The store's connection, for the cluster's own reads and for the socket.io adapter to copy. */
  readonly client: RedisClient;
}

export interface RedisStoreOptions {
  /** @defaultValue silent */
  log?: Logger;
  /** Give up on the first connection after this long. @defaultValue 5000 */
  connectTimeoutMs?: number;
}

/** Connects to `url` and returns a store that closes the connection when closed. */
export async function openRedisStore(url: string, options: RedisStoreOptions = {}): Promise<RedisTalkStore> {
  const client = await connectRedis(url, options);
  await warnIfNotDurable(client, options.log);
  return createRedisStore(client);
}

export function createRedisStore(client: RedisClient): RedisTalkStore {
  let closed = false;
  const run: typeof runScript = (...args) => (closed ? Promise.reject(new Error('store closed')) : runScript(...args));

  return {
    client,

    async load(deck: string, runId?: number): Promise<StoredTalk> {
      if (closed) throw new Error('store closed');
      // An ended run's keys are where starting the next run moved them; one look at the current run
      // tells both reads where to go.
      const current = runId === undefined || runId === (await currentRunId(client, deck));
      const [talk, room] = await Promise.all([
        readTalkAt(client, current ? deckKeys(deck) : runKeys(deck, runId)),
        readRoom(client, deck, true, current ? undefined : `${endedRunPrefix(deck)}${runId}:`),
      ]);
      return { ...talk, questions: room.questions, upvotes: room.upvotes, lost: room.lost };
    },

    runs(deck) {
      if (closed) return Promise.reject(new Error('store closed'));
      return readRuns(client, deck);
    },

    timeline(deck, runId) {
      if (closed) return Promise.reject(new Error('store closed'));
      return readTimeline(client, deck, runId);
    },

    async newRun(deck, request) {
      const keys = deckKeys(deck);
      const reply = list(
        await run(
          client,
          NEW_RUN,
          [keys.talk, keys.polls, keys.ratings, keys.scores, keys.slideLog, keys.audienceLog, keys.runs],
          [
            deckPrefix(deck),
            endedRunPrefix(deck),
            request.name,
            request.rehearsal ? '1' : '0',
            BEFORE_RUNS,
            keys.ballotsPrefix.slice(deckPrefix(deck).length),
            keys.tally('').slice(deckPrefix(deck).length),
            ...roomMoves(deck),
          ],
        ),
        'newRun',
      );
      const id = integer(reply[0], 'run id');
      const startedAt = integer(reply[2], 'started at');
      return {
        run: { id, name: request.name, rehearsal: request.rehearsal, startedAt, endedAt: null },
        seq: integer(reply[1], 'seq'),
      };
    },

    async ensureRun(deck, request) {
      const keys = deckKeys(deck);
      const reply = list(
        await run(
          client,
          ENSURE_RUN,
          [keys.talk, keys.polls, keys.ratings, keys.slideLog, keys.audienceLog, keys.runs],
          [request.name, request.rehearsal ? '1' : '0'],
        ),
        'ensureRun',
      );
      const id = integer(reply[0], 'run id');
      const json = optionalText(reply[1], 'run');
      // A run from before runs has no entry: `readRuns` names it.
      if (json === null) return (await readRuns(client, deck)).find((r) => r.id === id)!;
      return parseRunInfo(id, json);
    },

    async setSlide(deck: string, slide: SlidePosition) {
      const keys = deckKeys(deck);
      const seq = integer(await run(client, SET_SLIDE, [keys.talk, keys.slideLog], [slide.h, slide.v, slide.f]), 'seq');
      return { seq };
    },

    async recordAudience(deck, count) {
      await run(client, LOG_AUDIENCE, [deckKeys(deck).audienceLog], [count]);
    },

    async updatePoll(deck, pollId, expected, next, clearBallots): Promise<PollUpdateResult> {
      const keys = deckKeys(deck);
      const reply = list(
        await run(
          client,
          UPDATE_POLL,
          [keys.talk, keys.polls, keys.ballots(pollId), keys.tally(pollId)],
          [pollId, encodePoll(expected), encodePoll(next), clearBallots ? '1' : '0', INITIAL_POLL_ENCODED],
        ),
        'updatePoll',
      );
      if (integer(reply[0], 'applied') === 1) return { ok: true, seq: integer(reply[1], 'seq') };
      return { ok: false, current: decodePoll(optionalText(reply[1], 'record') ?? INITIAL_POLL_ENCODED) };
    },

    async castBallot(deck, pollId, clientId, choice): Promise<CastResult> {
      const keys = deckKeys(deck);
      const reply = integer(
        await run(
          client,
          CAST_BALLOT,
          [keys.polls, keys.ballots(pollId), keys.tally(pollId)],
          [pollId, clientId, choice],
        ),
        'castBallot',
      );
      if (reply === -2) return { ok: false, error: 'poll-closed' };
      return { ok: true, previous: reply === -1 ? null : reply };
    },

    async rate(deck, clientId, score) {
      const keys = deckKeys(deck);
      const reply = integer(await run(client, RATE, [keys.ratings, keys.scores], [clientId, score]), 'rate');
      return { previous: reply === -1 ? null : reply };
    },

    askQuestion: (deck, question) => askQuestion(run, client, deck, question),
    upvoteQuestion: (deck, questionId, clientId, up) => upvoteQuestion(run, client, deck, questionId, clientId, up),
    setQuestionState: (deck, questionId, state) => setQuestionState(run, client, deck, questionId, state),
    setLost: (deck, slide, clientId, lost) => setLost(run, client, deck, slide, clientId, lost),

    async close() {
      if (closed) return;
      closed = true;
      await closeRedis(client);
    },
  };
}

/**
 * "Acknowledged means durable" holds only if Redis fsyncs before it answers. Says so at start-up
 * when it does not; a managed Redis may refuse CONFIG, and then nothing is said.
 */
async function warnIfNotDurable(client: RedisClient, log: Logger | undefined): Promise<void> {
  if (!log) return;
  try {
    const config = await client.configGet('append*');
    if (config.appendonly !== 'yes' || config.appendfsync !== 'always') {
      log.warn(
        `redis runs with appendonly=${config.appendonly ?? '?'} appendfsync=${config.appendfsync ?? '?'}: ` +
          'acknowledged votes can be lost if Redis crashes (start it with --appendonly yes --appendfsync always)',
      );
    }
  } catch {
    // CONFIG disabled: the operator knows how Redis is run.
  }
}
