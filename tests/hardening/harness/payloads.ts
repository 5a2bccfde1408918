/**
 * fast-check generators for what a hostile client may put in a packet: anything at all, the right
 * shape with wrong values, and near misses around every boundary the schemas draw. Most of the
 * near misses are one step from valid, which is where a validator leaks.
 */
import fc from 'fast-check';
import type { ClientEventName } from '../../../src/protocol.ts';

/** Numbers around every range the protocol has, and values that are numbers to some code and not to others. */
export const edgeNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    -1,
    0,
    1,
    2,
    3,
    4,
    5,
    6,
    -0,
    0.5,
    1.5,
    -1.5,
    99_999,
    100_000,
    100_001,
    1_000_000,
    1_000_001,
    -1_000_001,
  ),
  fc.constantFrom(
    NaN,
    Infinity,
    -Infinity,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    Number.MIN_VALUE,
    1e308,
    -1e308,
  ),
  fc.constantFrom('1', '0', ' 1', '1e0', '0x1', '', 'NaN', true, false, null, [1], { valueOf: 1 }),
  fc.integer({ min: -10, max: 10 }),
  fc.integer(),
  fc.double(),
  fc.bigInt({ min: -10n, max: 10n }),
);

/** Poll ids that exist, that almost exist, and that are trouble for lookups, logs and HTML. */
export const hostileId: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    'q1',
    'q2',
    'rating',
    'Q1',
    'q1 ',
    ' q1',
    'q3',
    '',
    'q1\u0000',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
  ),
  fc.constantFrom(
    '<img src=x onerror=alert(1)>',
    '"><script>alert(1)</script>',
    "'; DROP TABLE ballots; --",
    '\u202eq1',
    '../manifest.json',
  ),
  fc.constantFrom('x'.repeat(64), 'x'.repeat(65), 'x'.repeat(10_000)),
  fc.string({ maxLength: 80 }),
  edgeNumber,
);

const anyValue: fc.Arbitrary<unknown> = fc.anything({
  maxDepth: 2,
  maxKeys: 4,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});

/** Extra keys an object payload may carry; the prototype-ish ones are written as own properties. */
const extraKeys = fc.dictionary(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', 'pollId', 'then'),
  anyValue,
  {
    maxKeys: 2,
  },
);

/** Ids of questions the server made during a run: the fuzz test adds them as they are asked. */
export const knownQuestionIds: string[] = [];

/** Question ids that exist (often enough that an upvote or a state change goes through), and any other. */
const questionId: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.nat().map((i) => knownQuestionIds[i % Math.max(1, knownQuestionIds.length)] ?? 'none') },
  { weight: 2, arbitrary: hostileId },
);

/** Question text: plain, empty, blank, invisible, markup, astral, bidi, and around the 280 and 4,000 limits. */
const questionText: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    'What is etcd?',
    '',
    '   ',
    '\u200B\u200B',
    '\u202E\u2066',
    '<img src=x onerror=alert(1)>',
    '=HYPERLINK("x")',
    '😀'.repeat(280),
    '😀'.repeat(281),
    'a'.repeat(280),
    'a'.repeat(281),
    'x'.repeat(4000),
    'x'.repeat(4001),
    'مرحبا \u202Eabc',
  ),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  edgeNumber,
);

const unitNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.double({ min: 0, max: 1 }),
  fc.constantFrom(0, 1, 0.5),
  edgeNumber,
);

/** The keys of each event's payload and what a near miss puts in each. */
const FIELDS: Record<ClientEventName, Record<string, fc.Arbitrary<unknown>>> = {
  // The deck's own slides (h 0–4, v 0–1) often enough that a valid move turns up, and every edge besides.
  'slide:set': {
    h: fc.oneof(fc.constantFrom(0, 1, 2, 3, 4), edgeNumber),
    v: fc.oneof(fc.constantFrom(0, 1), edgeNumber),
    f: edgeNumber,
  },
  'poll:open': { pollId: hostileId },
  'poll:close': { pollId: hostileId },
  'poll:reveal': { pollId: hostileId },
  'poll:reset': { pollId: hostileId },
  'poll:show-results': {
    pollId: hostileId,
    show: fc.oneof(fc.boolean(), edgeNumber, fc.constantFrom('true', 'false')),
  },
  vote: { pollId: hostileId, choice: edgeNumber },
  rate: { score: edgeNumber },
  'run:new': {
    name: fc.oneof(fc.string({ maxLength: 90 }), hostileId),
    rehearsal: fc.oneof(fc.boolean(), edgeNumber, fc.constantFrom('true', 'false')),
  },
  'results:get': {},
  'snapshot:get': {},
  'question:ask': { text: questionText, name: fc.oneof(questionText, fc.constantFrom('Ana', '', 'x'.repeat(41))) },
  'question:upvote': { questionId, up: fc.oneof(fc.boolean(), edgeNumber) },
  'question:set': {
    questionId,
    state: fc.oneof(fc.constantFrom('pending', 'approved', 'answered', 'hidden', 'open', ''), edgeNumber),
  },
  'lost:set': {
    h: fc.oneof(fc.constantFrom(0, 1, 2, 3, 4), edgeNumber),
    v: fc.oneof(fc.constantFrom(0, 1), edgeNumber),
    lost: fc.oneof(fc.boolean(), edgeNumber),
  },
  react: { reaction: edgeNumber },
  'reactions:set': { on: fc.oneof(fc.boolean(), edgeNumber) },
  pointer: {
    h: fc.oneof(fc.constantFrom(0, 1, 2, 3, 4), edgeNumber),
    v: fc.oneof(fc.constantFrom(0, 1), edgeNumber),
    mode: fc.oneof(fc.constantFrom('laser', 'pen', 'off', 'LASER'), edgeNumber),
    x: unitNumber,
    y: unitNumber,
    stroke: edgeNumber,
  },
};

/** One event's payload: a near miss (most often), the right keys with any values, or anything. */
export function payloadFor(event: ClientEventName): fc.Arbitrary<unknown> {
  const fields = FIELDS[event];
  const nearMiss = fc
    .tuple(fc.record(fields, { requiredKeys: [] }), extraKeys, fc.boolean())
    .map(([known, extra, withExtra]) =>
      withExtra ? Object.assign(Object.create(null) as object, known, extra) : known,
    );
  const rightKeysAnyValues = fc.record(Object.fromEntries(Object.keys(fields).map((k) => [k, anyValue])));
  return fc.oneof(
    { weight: 6, arbitrary: nearMiss },
    { weight: 2, arbitrary: rightKeysAnyValues },
    { weight: 2, arbitrary: anyValue },
  );
}

/**
 * The arguments after the event name: usually one payload, sometimes none or several (a well-behaved
 * client never sends those, a hostile one may).
 */
export function argsFor(event: ClientEventName): fc.Arbitrary<unknown[]> {
  const payload = payloadFor(event);
  return fc.oneof(
    { weight: 9, arbitrary: payload.map((p) => [p]) },
    { weight: 1, arbitrary: fc.array(payload, { maxLength: 3 }) },
  );
}
