/**
 * The room's questions, upvotes and "lost me" in Redis, each change one Lua script (see `scripts.ts`
 * for why). Every change to the questions also bumps the talk's `qver`, so a node sees from one number
 * whether it must read them again.
 *
 * Keys, all under the deck's `lectern:{<deck>}:` (see `roomKeys`):
 * - `questions` hash id → JSON of the question's fixed part (`QuestionRecord` less state and votes);
 * - `qstates` hash id → state; `qvotes` hash id → upvotes; `qkeys` hash merge key → id;
 * - `qvoters:<id>` set of client ids; `qvoted:<client>` set of question ids (a phone's own view);
 * - `lost:<h>.<v>` set of client ids; `lostcount` hash `h.v` → count; `lostby:<client>` set of `h.v`.
 */
import { type LuaScript, lua } from './scripts.ts';

export interface RoomKeys {
  talk: string;
  questions: string;
  states: string;
  votes: string;
  mergeKeys: string;
  votersPrefix: string;
  votedPrefix: string;
  lostPrefix: string;
  lostCount: string;
  lostByPrefix: string;
}

/** The current run's room keys, or an ended run's (`base`: where starting a new run moved them). */
export function roomKeys(deck: string, base = `lectern:{${deck}}:`): RoomKeys {
  return {
    talk: `${base}talk`,
    questions: `${base}questions`,
    states: `${base}qstates`,
    votes: `${base}qvotes`,
    mergeKeys: `${base}qkeys`,
    votersPrefix: `${base}qvoters:`,
    votedPrefix: `${base}qvoted:`,
    lostPrefix: `${base}lost:`,
    lostCount: `${base}lostcount`,
    lostByPrefix: `${base}lostby:`,
  };
}

type RoomKeyName = Exclude<keyof RoomKeys, 'talk'>;

/**
 * How starting a new run finds each of the current run's room keys, to move it under the ended run's
 * names: a key of its own, one key per field of a hash, or one key per member of each set found
 * before it. Typed over `RoomKeys`, so a room key cannot be added without saying how it moves; the
 * talk hash is the deck's and moves with the deck's keys.
 */
const MOVES: {
  [K in RoomKeyName]: 'key' | { fieldsOf: RoomKeyName } | { membersOf: RoomKeyName };
} = {
  questions: 'key',
  states: 'key',
  votes: 'key',
  mergeKeys: 'key',
  lostCount: 'key',
  votersPrefix: { fieldsOf: 'questions' },
  votedPrefix: { membersOf: 'votersPrefix' },
  lostPrefix: { fieldsOf: 'lostCount' },
  lostByPrefix: { membersOf: 'lostPrefix' },
};

/**
 * The room's part of `NEW_RUN`'s ARGV: `name, kind, source` per room key, names relative to the
 * deck's prefix, each source before the keys found from it.
 */
export function roomMoves(deck: string): string[] {
  const names = roomKeys(deck, '');
  return (Object.entries(MOVES) as [RoomKeyName, (typeof MOVES)[RoomKeyName]][]).flatMap(([key, move]) => {
    if (move === 'key') return [names[key], 'key', ''];
    if ('fieldsOf' in move) return [names[key], 'fields', names[move.fieldsOf]];
    return [names[key], 'members', names[move.membersOf]];
  });
}

/**
 * KEYS: questions, qstates, qvotes, qkeys, talk. ARGV: id, merge key, JSON, state, client id, voters prefix, voted prefix.
 * → `{0, JSON, state, 0, 0}` for a new question; `{1, JSON, state, votes, added}` for a merge into an
 * existing one (`added` 1 when the asker's upvote was new).
 */
export const ASK_QUESTION = lua(
  'askQuestion',
  `
local existing = redis.call('HGET', KEYS[4], ARGV[2])
if not existing then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
  redis.call('HSET', KEYS[3], ARGV[1], 0)
  redis.call('HSET', KEYS[4], ARGV[2], ARGV[1])
  redis.call('HINCRBY', KEYS[5], 'qver', 1)
  return {0, ARGV[3], ARGV[4], 0, 0}
end
local added = redis.call('SADD', ARGV[6] .. existing, ARGV[5])
local votes
if added == 1 then
  redis.call('SADD', ARGV[7] .. ARGV[5], existing)
  votes = redis.call('HINCRBY', KEYS[3], existing, 1)
  redis.call('HINCRBY', KEYS[5], 'qver', 1)
else
  votes = tonumber(redis.call('HGET', KEYS[3], existing) or '0')
end
return {1, redis.call('HGET', KEYS[1], existing), redis.call('HGET', KEYS[2], existing), votes, added}
`,
);

/**
 * KEYS: questions, qvotes, talk. ARGV: id, client id, '1' up / '0' back, voters prefix, voted prefix.
 * → `{-1, 0}` for an unknown question, else `{changed, votes}`.
 */
export const UPVOTE_QUESTION = lua(
  'upvoteQuestion',
  `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return {-1, 0} end
local up = ARGV[3] == '1'
local changed
if up then
  changed = redis.call('SADD', ARGV[4] .. ARGV[1], ARGV[2])
else
  changed = redis.call('SREM', ARGV[4] .. ARGV[1], ARGV[2])
end
local votes
if changed == 1 then
  if up then
    redis.call('SADD', ARGV[5] .. ARGV[2], ARGV[1])
    votes = redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
  else
    redis.call('SREM', ARGV[5] .. ARGV[2], ARGV[1])
    votes = redis.call('HINCRBY', KEYS[2], ARGV[1], -1)
  end
  redis.call('HINCRBY', KEYS[3], 'qver', 1)
else
  votes = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
end
return {changed, votes}
`,
);

/** KEYS: questions, qstates, qvotes, talk. ARGV: id, state. → false for an unknown question, else `{JSON, state, votes}`. */
export const SET_QUESTION_STATE = lua(
  'setQuestionState',
  `
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then return false end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[4], 'qver', 1)
return {json, ARGV[2], redis.call('HGET', KEYS[3], ARGV[1]) or '0'}
`,
);

/** KEYS: lostcount. ARGV: `h.v`, client id, '1' lost / '0' back, lost prefix, lost-by prefix. → 1 when it changed. */
export const SET_LOST = lua(
  'setLost',
  `
local changed
if ARGV[3] == '1' then
  changed = redis.call('SADD', ARGV[4] .. ARGV[1], ARGV[2])
  if changed == 1 then
    redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
    redis.call('SADD', ARGV[5] .. ARGV[2], ARGV[1])
  end
else
  changed = redis.call('SREM', ARGV[4] .. ARGV[1], ARGV[2])
  if changed == 1 then
    redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
    redis.call('SREM', ARGV[5] .. ARGV[2], ARGV[1])
  end
end
return changed
`,
);

/**
 * KEYS: questions, qstates, qvotes, lostcount, talk. ARGV: voters prefix, lost prefix, '1' to include who voted / was lost.
 * → `{questions, states, votes, lostcount (flat pairs each), {id, voters, …}, {h.v, clients, …}, qver}`.
 */
export const LOAD_ROOM = lua(
  'loadRoom',
  `
local questions = redis.call('HGETALL', KEYS[1])
local voters = {}
local lost = {}
local counts = redis.call('HGETALL', KEYS[4])
if ARGV[3] == '1' then
  for i = 1, #questions, 2 do
    voters[#voters + 1] = questions[i]
    voters[#voters + 1] = redis.call('SMEMBERS', ARGV[1] .. questions[i])
  end
  for i = 1, #counts, 2 do
    lost[#lost + 1] = counts[i]
    lost[#lost + 1] = redis.call('SMEMBERS', ARGV[2] .. counts[i])
  end
end
local qver = redis.call('HGET', KEYS[5], 'qver') or '0'
return {questions, redis.call('HGETALL', KEYS[2]), redis.call('HGETALL', KEYS[3]), counts, voters, lost, qver}
`,
);

/** KEYS: talk, lostcount. → `{qver, lostcount (flat pairs)}`: what a node reads a few times a second. */
export const ROOM_COUNTERS = lua(
  'roomCounters',
  `
return {redis.call('HGET', KEYS[1], 'qver') or '0', redis.call('HGETALL', KEYS[2])}
`,
);

/** ARGV: the client's voted set, its lost-by set. → `{question ids, slide keys}`. */
export const ROOM_CLIENT_VIEW = lua(
  'roomClientView',
  `
return {redis.call('SMEMBERS', KEYS[1]), redis.call('SMEMBERS', KEYS[2])}
`,
);

export const ROOM_SCRIPTS: readonly LuaScript[] = [
  ASK_QUESTION,
  UPVOTE_QUESTION,
  SET_QUESTION_STATE,
  SET_LOST,
  LOAD_ROOM,
  ROOM_COUNTERS,
  ROOM_CLIENT_VIEW,
];
