/**
 * Every change to a deck is one Lua script: Redis runs a script alone, start to end, so a check and
 * the write it guards (is the poll open? is the record the expected one? what ballot does this
 * client already have?) cannot be split by a write from another node.
 *
 * Replies are plain numbers, strings and flat arrays; `redis.ts` turns them into typed values.
 */
import crypto from 'node:crypto';

export interface LuaScript {
  name: string;
  source: string;
  sha: string;
}

export function lua(name: string, source: string): LuaScript {
  return { name, source, sha: crypto.createHash('sha1').update(source).digest('hex') };
}

/** KEYS: talk. ARGV: h, v, f. → the new sequence number. */
export const SET_SLIDE = lua(
  'setSlide',
  `
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('HSET', KEYS[1], 'h', ARGV[1], 'v', ARGV[2], 'f', ARGV[3])
return seq
`,
);

/**
 * KEYS: talk, polls, ballots of the poll, tally of the poll.
 * ARGV: poll id, expected record, next record, '1' to clear the ballots, the record of a poll never changed.
 * → `{1, seq}` when applied, `{0, current record}` when the stored record was not the expected one.
 */
export const UPDATE_POLL = lua(
  'updatePoll',
  `
local current = redis.call('HGET', KEYS[2], ARGV[1]) or ARGV[5]
if current ~= ARGV[2] then return {0, current} end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
if ARGV[4] == '1' then redis.call('DEL', KEYS[3], KEYS[4]) end
return {1, redis.call('HINCRBY', KEYS[1], 'seq', 1)}
`,
);

/**
 * KEYS: polls, ballots of the poll, tally of the poll. ARGV: poll id, client id, choice.
 * → -2 when the poll is not open, else the ballot replaced (-1 for none). The tally moves in the same
 * step, so it always equals the ballots without a recount.
 */
export const CAST_BALLOT = lua(
  'castBallot',
  `
local record = redis.call('HGET', KEYS[1], ARGV[1])
if not record or string.sub(record, 1, 5) ~= 'open,' then return -2 end
local previous = redis.call('HGET', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
if previous then redis.call('HINCRBY', KEYS[3], previous, -1) end
redis.call('HINCRBY', KEYS[3], ARGV[3], 1)
if previous then return tonumber(previous) end
return -1
`,
);

/** KEYS: ratings, scores. ARGV: client id, score. → the score replaced, -1 for none. */
export const RATE = lua(
  'rate',
  `
local previous = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if previous then redis.call('HINCRBY', KEYS[2], previous, -1) end
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
if previous then return tonumber(previous) end
return -1
`,
);

/**
 * KEYS: talk, polls, ratings. ARGV: prefix of the ballot hashes, '1' to include ballots and ratings.
 * → `{ {seq, h, v, f}, polls (flat pairs), { pollId, ballots (flat pairs), … }, ratings (flat pairs) }`,
 * read in one step so the parts agree with each other. The ballot hashes are found from the polls
 * hash (a ballot exists only for a poll that was opened); they share the deck's hash tag.
 */
export const LOAD = lua(
  'load',
  `
local talk = redis.call('HMGET', KEYS[1], 'seq', 'h', 'v', 'f')
local polls = redis.call('HGETALL', KEYS[2])
local ballots = {}
local ratings = {}
if ARGV[2] == '1' then
  for i = 1, #polls, 2 do
    ballots[#ballots + 1] = polls[i]
    ballots[#ballots + 1] = redis.call('HGETALL', ARGV[1] .. polls[i])
  end
  ratings = redis.call('HGETALL', KEYS[3])
end
return {talk, polls, ballots, ratings}
`,
);

/**
 * What every node reads a few times a second, and its own audience count written in the same step.
 * KEYS: talk, polls, scores, audience, then the tally of each poll asked for.
 * ARGV: node id, this node's phones ('' to write nothing), how long that count stays valid (ms),
 * then the poll ids, in the order of their tally keys.
 * → `{seq, phones on every live node, scores (flat pairs), {record or false per poll}, {tally (flat pairs) per poll}}`.
 * A node that stops writing (killed) drops out of the sum once its count expires.
 */
export const COUNTERS = lua(
  'counters',
  `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[4], ARGV[1], ARGV[2] .. ',' .. (now + tonumber(ARGV[3])))
end
local phones = 0
local nodes = redis.call('HGETALL', KEYS[4])
for i = 1, #nodes, 2 do
  local count, expires = string.match(nodes[i + 1], '^(%d+),(%d+)$')
  if count and tonumber(expires) >= now then
    phones = phones + tonumber(count)
  else
    redis.call('HDEL', KEYS[4], nodes[i])
  end
end
local records = {}
local tallies = {}
for i = 5, #KEYS do
  records[#records + 1] = redis.call('HGET', KEYS[2], ARGV[i - 1])
  tallies[#tallies + 1] = redis.call('HGETALL', KEYS[i])
end
local seq = redis.call('HGET', KEYS[1], 'seq') or 0
return {tonumber(seq), phones, redis.call('HGETALL', KEYS[3]), records, tallies}
`,
);

/**
 * One client's own ballots and rating, for the snapshot it gets when it connects to any node.
 * KEYS: polls, ratings, then the ballots of each poll asked for. ARGV: client id, then the poll ids.
 * → `{{record or false per poll}, {choice or false per poll}, score or false}`.
 */
export const CLIENT_VIEW = lua(
  'clientView',
  `
local records = {}
local choices = {}
for i = 3, #KEYS do
  records[#records + 1] = redis.call('HGET', KEYS[1], ARGV[i - 1])
  choices[#choices + 1] = redis.call('HGET', KEYS[i], ARGV[1])
end
return {records, choices, redis.call('HGET', KEYS[2], ARGV[1])}
`,
);

export const ALL_SCRIPTS: readonly LuaScript[] = [
  SET_SLIDE,
  UPDATE_POLL,
  CAST_BALLOT,
  RATE,
  LOAD,
  COUNTERS,
  CLIENT_VIEW,
];
