/**
 * The room's part of the Redis store: questions, upvotes and "lost me", written by the scripts of
 * `roomScripts.ts` and read back whole (at start-up, for results, when `qver` moved) or per client.
 */
import { QUESTION_STATES, type QuestionState } from '../../../src/protocol.ts';
import type { QuestionRecord, StoredTalk } from '../../talk/records.ts';
import type { AskResult, UpvoteResult } from '../types.ts';
import { type RedisClient, runScript } from './connection.ts';
import { integer, list, optionalText, pairs } from './replies.ts';
import {
  ASK_QUESTION,
  LOAD_ROOM,
  ROOM_CLIENT_VIEW,
  ROOM_COUNTERS,
  roomKeys,
  SET_LOST,
  SET_QUESTION_STATE,
  UPVOTE_QUESTION,
} from './roomScripts.ts';

type Run = typeof runScript;

/** The fixed part of a question, as kept in the `questions` hash. */
type QuestionFixed = Omit<QuestionRecord, 'state' | 'votes'>;

function encodeFixed(question: QuestionRecord): string {
  const { id, clientId, text, name, key, askedAt } = question;
  return JSON.stringify({ id, clientId, text, name, key, askedAt } satisfies QuestionFixed);
}

function decodeQuestion(json: unknown, state: unknown, votes: unknown): QuestionRecord {
  const text = optionalText(json, 'question');
  const fixed = JSON.parse(text ?? 'null') as QuestionFixed | null;
  const stateText = optionalText(state, 'question state') ?? 'approved';
  if (!fixed || typeof fixed.id !== 'string' || !(QUESTION_STATES as readonly string[]).includes(stateText)) {
    throw new Error(`redis: not a question: ${String(text)}`);
  }
  return { ...fixed, state: stateText as QuestionState, votes: integer(votes ?? '0', 'votes') };
}

const slideKey = (slide: { h: number; v: number }) => `${slide.h}.${slide.v}`;
function parseSlideKey(key: string): { h: number; v: number } {
  const [h = '', v = ''] = key.split('.');
  return { h: integer(h, 'slide'), v: integer(v, 'slide') };
}

export async function askQuestion(
  run: Run,
  client: RedisClient,
  deck: string,
  question: QuestionRecord,
): Promise<AskResult> {
  const k = roomKeys(deck);
  const reply = list(
    await run(
      client,
      ASK_QUESTION,
      [k.questions, k.states, k.votes, k.mergeKeys, k.talk],
      [
        question.id,
        question.key,
        encodeFixed(question),
        question.state,
        question.clientId,
        k.votersPrefix,
        k.votedPrefix,
      ],
    ),
    'askQuestion',
  );
  const merged = integer(reply[0], 'merged') === 1;
  return {
    question: decodeQuestion(reply[1], reply[2], reply[3]),
    merged,
    upvoted: merged && integer(reply[4], 'added') === 1,
  };
}

export async function upvoteQuestion(
  run: Run,
  client: RedisClient,
  deck: string,
  questionId: string,
  clientId: string,
  up: boolean,
): Promise<UpvoteResult> {
  const k = roomKeys(deck);
  const reply = list(
    await run(
      client,
      UPVOTE_QUESTION,
      [k.questions, k.votes, k.talk],
      [questionId, clientId, up ? '1' : '0', k.votersPrefix, k.votedPrefix],
    ),
    'upvoteQuestion',
  );
  const changed = integer(reply[0], 'changed');
  if (changed === -1) return { ok: false, error: 'unknown-question' };
  return { ok: true, changed: changed === 1, votes: integer(reply[1], 'votes') };
}

export async function setQuestionState(
  run: Run,
  client: RedisClient,
  deck: string,
  questionId: string,
  state: QuestionState,
): Promise<QuestionRecord | null> {
  const k = roomKeys(deck);
  const reply = await run(client, SET_QUESTION_STATE, [k.questions, k.states, k.votes, k.talk], [questionId, state]);
  if (reply === null || reply === undefined) return null;
  const [json, stored, votes] = list(reply, 'setQuestionState');
  return decodeQuestion(json, stored, votes);
}

export async function setLost(
  run: Run,
  client: RedisClient,
  deck: string,
  slide: { h: number; v: number },
  clientId: string,
  lost: boolean,
): Promise<{ changed: boolean }> {
  const k = roomKeys(deck);
  const reply = await run(
    client,
    SET_LOST,
    [k.lostCount],
    [slideKey(slide), clientId, lost ? '1' : '0', k.lostPrefix, k.lostByPrefix],
  );
  return { changed: integer(reply, 'setLost') === 1 };
}

export type StoredRoom = Required<Pick<StoredTalk, 'questions' | 'upvotes' | 'lost'>>;

/** Questions (by when they were asked), and with `withWho`, who upvoted what and who was lost where. */
export async function readRoom(
  client: RedisClient,
  deck: string,
  withWho: boolean,
  base?: string,
): Promise<StoredRoom & { version: number; lostCounts: Map<string, number> }> {
  const k = roomKeys(deck, base);
  const reply = list(
    await runScript(
      client,
      LOAD_ROOM,
      [k.questions, k.states, k.votes, k.lostCount, k.talk],
      [k.votersPrefix, k.lostPrefix, withWho ? '1' : '0'],
    ),
    'loadRoom',
  );
  const states = new Map(pairs(reply[1], 'states'));
  const votes = new Map(pairs(reply[2], 'votes'));
  const questions = pairs(reply[0], 'questions')
    .map(([id, json]) => decodeQuestion(json, states.get(id), votes.get(id) ?? '0'))
    .sort((a, b) => a.askedAt - b.askedAt || a.id.localeCompare(b.id));
  const lostCounts = new Map<string, number>();
  for (const [key, count] of pairs(reply[3], 'lost counts')) lostCounts.set(key, integer(count, 'lost'));
  const upvotes: StoredRoom['upvotes'] = [];
  const voters = list(reply[4], 'voters');
  for (let i = 0; i + 1 < voters.length; i += 2) {
    const questionId = optionalText(voters[i], 'question id') ?? '';
    for (const clientId of list(voters[i + 1], 'voters')) {
      upvotes.push({ questionId, clientId: optionalText(clientId, 'client id') ?? '' });
    }
  }
  const lost: StoredRoom['lost'] = [];
  const lostWho = list(reply[5], 'lost');
  for (let i = 0; i + 1 < lostWho.length; i += 2) {
    const slide = parseSlideKey(optionalText(lostWho[i], 'slide') ?? '');
    for (const clientId of list(lostWho[i + 1], 'lost')) {
      lost.push({ ...slide, clientId: optionalText(clientId, 'client id') ?? '' });
    }
  }
  return { questions, upvotes, lost, version: integer(reply[6], 'qver'), lostCounts };
}

/** What a node reads a few times a second: the questions' version and "lost me" per slide. */
export async function readRoomCounters(
  client: RedisClient,
  deck: string,
): Promise<{ version: number; lost: { h: number; v: number; count: number }[] }> {
  const k = roomKeys(deck);
  const reply = list(await runScript(client, ROOM_COUNTERS, [k.talk, k.lostCount], []), 'roomCounters');
  const lost = pairs(reply[1], 'lost counts').map(([key, count]) => ({
    ...parseSlideKey(key),
    count: integer(count, 'lost'),
  }));
  return { version: integer(reply[0], 'qver'), lost };
}

/** One client's upvotes and "lost me" slides, wherever it sent them. */
export async function readRoomClientView(
  client: RedisClient,
  deck: string,
  clientId: string,
): Promise<{ upvotes: string[]; lost: { h: number; v: number }[] }> {
  const k = roomKeys(deck);
  const reply = list(
    await runScript(client, ROOM_CLIENT_VIEW, [`${k.votedPrefix}${clientId}`, `${k.lostByPrefix}${clientId}`], []),
    'roomClientView',
  );
  return {
    upvotes: list(reply[0], 'upvotes').map((id) => optionalText(id, 'question id') ?? ''),
    lost: list(reply[1], 'lost').map((key) => parseSlideKey(optionalText(key, 'slide') ?? '')),
  };
}
