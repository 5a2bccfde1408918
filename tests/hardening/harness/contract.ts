/**
 * What the protocol promises, written out independently of the server's zod schemas: which payloads
 * may succeed, and which refusals each event may give. The fuzz tests hold the server to it.
 */
import {
  type ClientEventName,
  ERROR_CODES,
  type ErrorCode,
  POINTER_MODES,
  type PollPhase,
  QUESTION_STATES,
  type QuestionState,
  type Role,
} from '../../../src/protocol.ts';
import { FIXTURE_MANIFEST } from '../../server/fixtureDist.ts';

/** The fixture's quiz polls: id → number of choices. */
const QUIZZES = new Map(
  FIXTURE_MANIFEST.polls.flatMap((p) => (p.kind === 'quiz' ? [[p.id, p.choices.length] as const] : [])),
);
const RATING_SCALE = 5;

const isInt = (n: unknown, min: number, max: number): boolean =>
  typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
const isRecord = (p: unknown): p is Record<string, unknown> => typeof p === 'object' && p !== null && !Array.isArray(p);
const own = (p: Record<string, unknown>, key: string): unknown => (Object.hasOwn(p, key) ? p[key] : undefined);
/** The deck's slides, `h:v`: a move to any other is refused. */
const SLIDES = new Set(FIXTURE_MANIFEST.slides.map((s) => `${s.h}:${s.v}`));
/** The keys each payload may have; any other key makes it invalid (the schemas are exact). */
const KEYS: Record<ClientEventName, readonly string[]> = {
  'slide:set': ['h', 'v', 'f'],
  'poll:open': ['pollId'],
  'poll:close': ['pollId'],
  'poll:reveal': ['pollId'],
  'poll:reset': ['pollId'],
  'poll:show-results': ['pollId', 'show'],
  vote: ['pollId', 'choice'],
  rate: ['score'],
  'run:new': ['name', 'rehearsal'],
  'results:get': [],
  'snapshot:get': [],
  'question:ask': ['text', 'name'],
  'question:upvote': ['questionId', 'up'],
  'question:set': ['questionId', 'state'],
  'lost:set': ['h', 'v', 'lost'],
  react: ['reaction'],
  'reactions:set': ['on'],
  pointer: ['h', 'v', 'mode', 'x', 'y', 'stroke'],
};

/** The room's questions as the server has them, for the events that name one. */
export type KnownQuestions = ReadonlyMap<string, { state: QuestionState; clientId: string }>;

/** What a person would call the text: no bidi controls, no invisible spaces, spaces collapsed, trimmed. */
function visibleText(text: string): string {
  const spaces = /[\s\u180E\u3164\u115F\u1160\uFFA0]+/gu;
  return text
    .normalize('NFC')
    .replace(spaces, ' ')
    .replace(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B\u2060\uFEFF\u00AD]|\p{Cc}/gu, '')
    .replace(spaces, ' ')
    .trim();
}
const graphemes = (text: string) =>
  [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length;
const isUnit = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 1;

/**
 * Whether the protocol allows `event` with `payload` to succeed for `role` while the quiz polls are
 * in `phases`. A success outside this is a validation hole.
 */
export function maySucceed(
  event: ClientEventName,
  payload: unknown,
  role: Role,
  phases: ReadonlyMap<string, PollPhase>,
  room: { questions: KnownQuestions; clientId: string; reactions: boolean } = {
    questions: new Map(),
    clientId: '',
    reactions: true,
  },
): boolean {
  const anyone = ['vote', 'rate', 'snapshot:get', 'question:ask', 'question:upvote', 'lost:set', 'react'];
  const presenterOnly = !anyone.includes(event);
  if (presenterOnly && role !== 'presenter') return false;
  if (!isRecord(payload)) return false;
  if (Object.keys(payload).some((key) => !KEYS[event].includes(key))) return false;
  const pollId = own(payload, 'pollId');
  const quiz = typeof pollId === 'string' && QUIZZES.has(pollId);
  switch (event) {
    case 'slide:set':
      return (
        isInt(own(payload, 'h'), 0, 100_000) &&
        isInt(own(payload, 'v'), 0, 100_000) &&
        isInt(own(payload, 'f'), -1, 100_000) &&
        SLIDES.has(`${own(payload, 'h') as number}:${own(payload, 'v') as number}`)
      );
    case 'poll:open':
    case 'poll:close':
    case 'poll:reveal':
    case 'poll:reset':
      return quiz;
    case 'poll:show-results':
      return quiz && typeof own(payload, 'show') === 'boolean';
    case 'vote':
      return (
        quiz &&
        isInt(own(payload, 'choice'), 0, QUIZZES.get(pollId as string)! - 1) &&
        phases.get(pollId as string) === 'open'
      );
    case 'rate':
      return isInt(own(payload, 'score'), 1, RATING_SCALE);
    case 'run:new': {
      const name = own(payload, 'name');
      return (
        typeof name === 'string' &&
        name.length <= 80 &&
        !/\p{Cc}/u.test(name) &&
        typeof own(payload, 'rehearsal') === 'boolean'
      );
    }
    case 'results:get':
    case 'snapshot:get':
      return true;
    case 'question:ask': {
      const text = own(payload, 'text');
      const name = own(payload, 'name');
      if (typeof text !== 'string' || text.length > 4000) return false;
      if (name !== undefined && (typeof name !== 'string' || name.length > 400)) return false;
      const clean = visibleText(text);
      return clean !== '' && graphemes(clean) <= 280 && graphemes(visibleText(name ?? '')) <= 40;
    }
    case 'question:upvote': {
      const id = own(payload, 'questionId');
      const question = typeof id === 'string' ? room.questions.get(id) : undefined;
      if (!question || typeof own(payload, 'up') !== 'boolean') return false;
      return (
        role === 'presenter' ||
        question.state === 'approved' ||
        question.state === 'answered' ||
        (question.state === 'pending' && question.clientId === room.clientId)
      );
    }
    case 'question:set': {
      const id = own(payload, 'questionId');
      return (
        typeof id === 'string' &&
        room.questions.has(id) &&
        (QUESTION_STATES as readonly unknown[]).includes(own(payload, 'state'))
      );
    }
    case 'lost:set':
      return (
        isInt(own(payload, 'h'), 0, 100_000) &&
        isInt(own(payload, 'v'), 0, 100_000) &&
        SLIDES.has(`${own(payload, 'h') as number}:${own(payload, 'v') as number}`) &&
        typeof own(payload, 'lost') === 'boolean'
      );
    case 'react':
      return room.reactions && isInt(own(payload, 'reaction'), 0, 4);
    case 'reactions:set':
      return typeof own(payload, 'on') === 'boolean';
    case 'pointer':
      return (
        isInt(own(payload, 'h'), 0, 100_000) &&
        isInt(own(payload, 'v'), 0, 100_000) &&
        SLIDES.has(`${own(payload, 'h') as number}:${own(payload, 'v') as number}`) &&
        (POINTER_MODES as readonly unknown[]).includes(own(payload, 'mode')) &&
        isUnit(own(payload, 'x')) &&
        isUnit(own(payload, 'y')) &&
        isInt(own(payload, 'stroke'), 0, 1_000_000_000)
      );
  }
}

/** Refusals a known event may get from a socket that is within its rate limit. */
export const VALIDATION_ERRORS: ReadonlySet<ErrorCode> = new Set(
  ERROR_CODES.filter((code) => code !== 'internal' && code !== 'rate-limited' && code !== 'unknown-event'),
);
