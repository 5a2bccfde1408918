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

/** Redis's clock in ms, so every node stamps the timeline by one clock. */
const NOW_MS = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
`;

/**
 * KEYS: talk, slide log. ARGV: h, v, f. → the new sequence number. The change goes into the run's
 * timeline in the same step, so the timeline is as durable as the position.
 */
export const SET_SLIDE = lua(
  'setSlide',
  `${NOW_MS}
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('HSET', KEYS[1], 'h', ARGV[1], 'v', ARGV[2], 'f', ARGV[3])
redis.call('RPUSH', KEYS[2], now .. ',' .. ARGV[1] .. ',' .. ARGV[2] .. ',' .. ARGV[3])
return seq
`,
);

/** KEYS: audience log. ARGV: count. One sample of the audience, appended. */
export const LOG_AUDIENCE = lua(
  'logAudience',
  `${NOW_MS}
redis.call('RPUSH', KEYS[1], now .. ',' .. ARGV[1])
return 1
`,
);

/**
 * KEYS: talk, polls, ratings, slide log, audience log, runs. ARGV: name, '1' for a rehearsal.
 * → `{run id, JSON of the run, or false for a run from before runs}` of the current run; a deck
 * without data or runs gets run 1 first, in the same step.
 */
export const ENSURE_RUN = lua(
  'ensureRun',
  `${NOW_MS}
local current = tonumber(redis.call('HGET', KEYS[1], 'run') or '0')
if current == 0 then
  for i = 1, 5 do
    if redis.call('EXISTS', KEYS[i]) == 1 then current = 1 end
  end
  if current == 1 then return {1, false} end
end
if current > 0 then return {current, redis.call('HGET', KEYS[6], tostring(current))} end
local info = cjson.encode({name = ARGV[1], rehearsal = ARGV[2] == '1', startedAt = now})
redis.call('HSET', KEYS[1], 'seq', 0, 'run', 1)
redis.call('HSET', KEYS[6], '1', info)
return {1, info}
`,
);

/**
 * Ends the current run and starts a clean one, alone: no ballot, rating or poll change of another
 * node can land between the two, so each write belongs to exactly one run.
 * KEYS: talk, polls, ratings, scores, slide log, audience log (the current run's), runs.
 * ARGV: the deck's key prefix, the ended runs' prefix, name, '1' for a rehearsal, the name of a run
 * from before runs, the ballots' and the tallies' prefix (after the deck's), then the room's keys as
 * `roomMoves` lists them (`name, kind, source` each). Every name comes from `keys.ts` and `roomKeys`.
 * → `{run id, sequence number, started at (ms)}`.
 *
 * The current run's keys are renamed to the ended run's (O(polls + questions + upvotes + "lost me"),
 * whatever the number of ballots); the new run starts with only its id and the old run's sequence
 * number, which its changes go on from. A deck with data but no run id holds a run from before runs:
 * it becomes run 1.
 */
export const NEW_RUN = lua(
  'newRun',
  `${NOW_MS}
local current = tonumber(redis.call('HGET', KEYS[1], 'run') or '0')
local seq = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
if current == 0 then
  for i = 1, 6 do
    if redis.call('EXISTS', KEYS[i]) == 1 then current = 1 end
  end
end
if current > 0 then
  local meta = redis.call('HGET', KEYS[7], tostring(current))
  local info
  if meta then info = cjson.decode(meta) else info = {name = ARGV[5], rehearsal = false, startedAt = 0} end
  info.endedAt = now
  redis.call('HSET', KEYS[7], tostring(current), cjson.encode(info))
  local target = ARGV[2] .. current .. ':'
  local function move(name)
    if redis.call('EXISTS', ARGV[1] .. name) == 1 then redis.call('RENAME', ARGV[1] .. name, target .. name) end
  end
  for _, poll in ipairs(redis.call('HKEYS', KEYS[2])) do
    move(ARGV[6] .. poll)
    move(ARGV[7] .. poll)
  end
  -- The room: every key found first (a key is read to find others), then all moved.
  local found = {}
  local moving = {}
  for i = 8, #ARGV, 3 do
    local name, kind, source = ARGV[i], ARGV[i + 1], ARGV[i + 2]
    local names = {}
    if kind == 'key' then
      names[1] = name
    elseif kind == 'fields' then
      for _, field in ipairs(redis.call('HKEYS', ARGV[1] .. source)) do names[#names + 1] = name .. field end
    else
      for _, key in ipairs(assert(found[source], 'room key listed before its source')) do
        for _, member in ipairs(redis.call('SMEMBERS', ARGV[1] .. key)) do names[#names + 1] = name .. member end
      end
    end
    found[name] = names
    for _, key in ipairs(names) do moving[#moving + 1] = key end
  end
  for _, key in ipairs(moving) do move(key) end
  for i = 1, 6 do
    if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('RENAME', KEYS[i], target .. string.sub(KEYS[i], #ARGV[1] + 1)) end
  end
end
local id = current + 1
redis.call('HSET', KEYS[1], 'seq', seq, 'run', id)
redis.call('HSET', KEYS[7], tostring(id), cjson.encode({name = ARGV[3], rehearsal = ARGV[4] == '1', startedAt = now}))
return {id, seq, now}
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
 * → `{seq, phones on every live node, scores (flat pairs), {record or false per poll}, {tally (flat pairs) per poll},
 * current run id (0 before runs)}`.
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
local run = redis.call('HGET', KEYS[1], 'run') or 0
return {tonumber(seq), phones, redis.call('HGETALL', KEYS[3]), records, tallies, tonumber(run)}
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
  LOG_AUDIENCE,
  ENSURE_RUN,
  NEW_RUN,
  UPDATE_POLL,
  CAST_BALLOT,
  RATE,
  LOAD,
  COUNTERS,
  CLIENT_VIEW,
];
