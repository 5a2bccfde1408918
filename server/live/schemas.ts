/**
 * Runtime schemas for everything a client sends. Exact: a key the protocol does not name makes the
 * payload `invalid-payload` rather than being dropped silently. They live on the server side only, so the phone page
 * never ships a schema library; the checks at the bottom make them match `src/protocol.ts` exactly.
 */
import { z } from 'zod';
import {
  CLIENT_ID_PATTERN,
  type ClientEventName,
  type ClientToServerEvents,
  type HandshakeAuth,
  POINTER_MODES,
  QUESTION_STATES,
  ROLES,
} from '../../src/protocol.ts';

/** Large enough for any real deck, small enough that no arithmetic on it can misbehave. */
const index = z.int().min(0).max(100_000);
/** Range checks against the deck happen in the talk, so an out-of-range integer is `out-of-range`, not `invalid-payload`. */
const anyInt = z.int().min(-1_000_000).max(1_000_000);
const pollId = z.string().min(1).max(64);

export const handshakeSchema = z.strictObject({
  deck: z.string().min(1).max(128),
  role: z.enum(ROLES),
  clientId: z.string().regex(CLIENT_ID_PATTERN),
  token: z.string().max(256).optional(),
});

const pollRef = z.strictObject({ pollId });
/** A run's name as the speaker typed it: shown in lists and reports, so no control characters. */
const runName = z
  .string()
  .max(80)
  .regex(/^\P{Cc}*$/u);
/** Server-made ids are 12 characters; the margin costs nothing. */
const questionId = z.string().min(1).max(32);
/** A slide coordinate: 0 at the left or top edge, 1 at the right or bottom. */
const unit = z.number().min(0).max(1);
const empty = z.strictObject({}).transform((): Record<string, never> => ({}));

/** One schema per client event: the payload, the first argument. */
export const clientPayloadSchemas = {
  'slide:set': z.strictObject({ h: index, v: index, f: z.int().min(-1).max(100_000) }),
  'poll:open': pollRef,
  'poll:close': pollRef,
  'poll:reveal': pollRef,
  'poll:reset': pollRef,
  'poll:show-results': z.strictObject({ pollId, show: z.boolean() }),
  vote: z.strictObject({ pollId, choice: anyInt }),
  rate: z.strictObject({ score: anyInt }),
  'run:new': z.strictObject({ name: runName, rehearsal: z.boolean() }),
  'results:get': empty,
  'snapshot:get': empty,
  // Lengths as people count them (graphemes) are the talk's check; this only bounds the bytes.
  'question:ask': z.strictObject({ text: z.string().max(4000), name: z.string().max(400).optional() }),
  'question:upvote': z.strictObject({ questionId, up: z.boolean() }),
  'question:set': z.strictObject({ questionId, state: z.enum(QUESTION_STATES) }),
  'lost:set': z.strictObject({ h: index, v: index, lost: z.boolean() }),
  react: z.strictObject({ reaction: anyInt }),
  'reactions:set': z.strictObject({ on: z.boolean() }),
  pointer: z.strictObject({
    h: index,
    v: index,
    mode: z.enum(POINTER_MODES),
    x: unit,
    y: unit,
    stroke: z.int().min(0).max(1_000_000_000),
  }),
} satisfies { [E in ClientEventName]: z.ZodType<Payload<E>> };

export type Payload<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[0];

export const CLIENT_EVENT_NAMES = new Set<string>(Object.keys(clientPayloadSchemas));

export function isClientEvent(name: string): name is ClientEventName {
  return CLIENT_EVENT_NAMES.has(name);
}

// Compile-time proof that the schemas and the protocol's types are the same, in both directions. A
// difference fails the type check with a message naming it, e.g. `Type '"the schema of 'vote' does not
// match its payload in src/protocol.ts"' does not satisfy the constraint 'never'`.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type NoneOf<T extends never> = T;
/** One message per event whose schema output differs from the protocol's payload type: must be none. */
type Mismatched = {
  [E in ClientEventName]: Equal<z.output<(typeof clientPayloadSchemas)[E]>, Payload<E>> extends true
    ? never
    : `the schema of '${E}' does not match its payload in src/protocol.ts`;
}[ClientEventName];
type HandshakeMismatch =
  Equal<z.output<typeof handshakeSchema>, HandshakeAuth> extends true
    ? never
    : 'the handshake schema does not match HandshakeAuth in src/protocol.ts';
export type _Checks = [NoneOf<Mismatched>, NoneOf<HandshakeMismatch>];
