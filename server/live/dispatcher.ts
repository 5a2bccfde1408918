/**
 * Every client event goes through one path: known event → rate limit → role → schema → handler → ack.
 * A handler answers with an ack value; the broadcast, if any, happens inside it once the store has
 * the change. Anything refused is counted by error code and changes nothing.
 */
import crypto from 'node:crypto';
import {
  type ClientEventName,
  type ClientToServerEvents,
  type ErrorCode,
  REACTIONS,
  roleMaySend,
} from '../../src/protocol.ts';
import { buildResults } from '../results/talkResults.ts';
import { questionView } from '../room/questionBook.ts';
import type { TalkStore } from '../store/types.ts';
import { defaultRunName } from '../talk/runs.ts';
import type { PollAction } from '../talk/talk.ts';
import type { FailureSummary } from './failureSummary.ts';
import type { LiveDeck } from './liveDeck.ts';
import type { LivePeer } from './peer.ts';
import {
  AUDIENCE_LIMIT,
  type BucketState,
  createBucketRegistry,
  fullBucket,
  POINTER_LIMIT,
  PRESENTER_LIMIT,
  QUESTION_LIMIT,
  type RateLimit,
  REACTION_LIMIT,
  take,
} from './rateLimit.ts';
import type { Rejections } from './rejections.ts';
import { clientPayloadSchemas, isClientEvent, type Payload } from './schemas.ts';

type AckValue<E extends ClientEventName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

interface HandlerContext {
  socket: LivePeer;
  live: LiveDeck;
  store: TalkStore;
  /** Takes one of this client id's question tokens: false when it asked too many too fast. */
  mayAsk(): boolean;
}

/** 12 random characters: ids the server makes, unguessable, so a phone cannot upvote a hidden question by guessing. */
const newQuestionId = () => crypto.randomBytes(9).toString('base64url');

type Handler<E extends ClientEventName> = (ctx: HandlerContext, payload: Payload<E>) => Promise<AckValue<E>>;

const fail = (error: ErrorCode) => ({ ok: false, error }) as const;

/** Shared by the five poll events: plan in the talk, compare-and-set in the store, tell the room. */
function pollHandler<E extends 'poll:open' | 'poll:close' | 'poll:reveal' | 'poll:reset' | 'poll:show-results'>(
  action: (payload: Payload<E>) => PollAction,
): Handler<E> {
  return ({ live, store }, payload) =>
    live.serial(async () => {
      const { talk } = live;
      const pollId = payload.pollId;
      const plan = talk.planPoll(pollId, action(payload));
      if (!plan.ok) return fail(plan.error);
      if (!plan.changed) return { ok: true, seq: talk.seq, poll: talk.pollState(pollId, 'presenter') };
      const stored = await store.updatePoll(talk.deck, pollId, plan.expected, plan.next, plan.clearBallots);
      if (!stored.ok) {
        // Another server changed it first: take the store's word and let the presenter retry.
        talk.applyPoll(pollId, talk.seq, stored.current, false);
        live.phoneViewChanged();
        return fail('wrong-state');
      }
      talk.applyPoll(pollId, stored.seq, plan.next, plan.clearBallots);
      live.broadcastPoll(stored.seq, pollId);
      return { ok: true, seq: stored.seq, poll: talk.pollState(pollId, 'presenter') };
    });
}

const handlers: { [E in ClientEventName]: Handler<E> } = {
  'slide:set': ({ socket, live, store }, slide) =>
    live.serial(async () => {
      const { talk } = live;
      const refused = talk.checkSlide(slide);
      if (refused) return fail(refused);
      const current = talk.slide;
      if (current.h === slide.h && current.v === slide.v && current.f === slide.f) return { ok: true, seq: talk.seq };
      const { seq } = await store.setSlide(talk.deck, slide);
      if (talk.applySlide(seq, slide)) live.broadcastSlide(seq, slide, socket.id);
      return { ok: true, seq };
    }),
  'poll:open': pollHandler(() => ({ kind: 'open' })),
  'poll:close': pollHandler(() => ({ kind: 'close' })),
  'poll:reveal': pollHandler(() => ({ kind: 'reveal' })),
  'poll:reset': pollHandler(() => ({ kind: 'reset' })),
  'poll:show-results': pollHandler(({ show }) => ({ kind: 'show-results', show })),

  async vote({ socket, live, store }, { pollId, choice }) {
    const { talk } = live;
    const refused = talk.checkVote(pollId, choice);
    if (refused) return fail(refused);
    const { clientId } = socket.data;
    const cast = await store.castBallot(talk.deck, pollId, clientId, choice);
    if (!cast.ok) return fail(cast.error);
    talk.applyBallot(pollId, clientId, choice, cast.previous);
    live.ballotCounted(pollId);
    return { ok: true, pollId, choice };
  },

  async rate({ socket, live, store }, { score }) {
    const { talk } = live;
    const refused = talk.checkRating(score);
    if (refused) return fail(refused);
    const { clientId } = socket.data;
    const { previous } = await store.rate(talk.deck, clientId, score);
    talk.applyRating(clientId, score, previous);
    live.ratingCounted();
    return { ok: true, score };
  },

  'run:new': ({ live, store }, { name, rehearsal }) =>
    live.serial(async () => {
      const old = live.talk;
      const request = { name: name.trim() || defaultRunName(new Date()), rehearsal };
      const { run } = await store.newRun(old.deck, request);
      // The new run starts where the speaker is, so no page is pulled back to the title slide, and
      // its timeline starts at its first moment.
      const { seq } = await store.setSlide(old.deck, old.slide);
      const talk = old.nextRun(await store.load(old.deck), run);
      live.startRun(talk);
      return { ok: true, run: talk.runView()!, seq };
    }),

  async 'results:get'({ live }) {
    return { ok: true, results: buildResults(live.talk, new Date()) };
  },

  async 'snapshot:get'({ socket, live }) {
    return { ok: true, snapshot: live.talk.snapshot(socket.data.role, socket.data.clientId) };
  },

  async 'question:ask'({ socket, live, store, mayAsk }, { text, name }) {
    const { talk } = live;
    const checked = talk.questions.checkAsk(text, name);
    if (!checked.ok) return fail(checked.error);
    // Counted only once the question is one: a refused empty box costs the phone nothing.
    if (!mayAsk()) return fail('rate-limited');
    const { clientId } = socket.data;
    const result = await store.askQuestion(talk.deck, {
      id: newQuestionId(),
      clientId,
      text: checked.text,
      name: checked.name,
      key: checked.key,
      state: talk.questions.initialState,
      askedAt: Date.now(),
      votes: 0,
    });
    talk.questions.apply(result.question);
    if (result.upvoted) talk.questions.noteUpvote(result.question.id, clientId, true);
    live.questionsChanged();
    return { ok: true, question: questionView(result.question), merged: result.merged };
  },

  async 'question:upvote'({ socket, live, store }, { questionId, up }) {
    const { talk } = live;
    const { role, clientId } = socket.data;
    if (!(await live.knowsQuestion(questionId))) return fail('unknown-question');
    if (!talk.questions.visibleTo(questionId, role, clientId)) return fail('unknown-question');
    const result = await store.upvoteQuestion(talk.deck, questionId, clientId, up);
    if (!result.ok) return fail(result.error);
    talk.questions.applyUpvote(questionId, clientId, up, result.votes);
    if (result.changed) live.questionsChanged();
    return { ok: true, questionId, up, votes: result.votes };
  },

  async 'question:set'({ live, store }, { questionId, state }) {
    const { talk } = live;
    if (!(await live.knowsQuestion(questionId))) return fail('unknown-question');
    const stored = await store.setQuestionState(talk.deck, questionId, state);
    if (!stored) return fail('unknown-question');
    talk.questions.apply(stored);
    live.questionsChanged();
    return { ok: true, question: questionView(stored) };
  },

  async 'lost:set'({ socket, live, store }, { h, v, lost }) {
    const { talk } = live;
    const refused = talk.checkSlide({ h, v, f: -1 });
    if (refused) return fail(refused);
    const { clientId } = socket.data;
    const { changed } = await store.setLost(talk.deck, { h, v }, clientId, lost);
    talk.lostMe.apply(h, v, clientId, lost);
    if (changed) live.countersChanged();
    return { ok: true, h, v, lost };
  },

  async react({ live }, { reaction }) {
    if (!live.talk.reactionsOn) return fail('turned-off');
    if (!Number.isInteger(reaction) || reaction < 0 || reaction >= REACTIONS.length) return fail('out-of-range');
    live.react(reaction);
    return { ok: true };
  },

  async 'reactions:set'({ live }, { on }) {
    if (live.talk.reactionsOn !== on) {
      live.talk.reactionsOn = on;
      live.broadcastRoom();
    }
    return { ok: true, settings: live.talk.roomSettings };
  },

  async pointer({ socket, live }, pointer) {
    const refused = live.talk.checkSlide({ h: pointer.h, v: pointer.v, f: -1 });
    if (refused) return fail(refused);
    live.broadcastPointer(pointer, socket.id);
    return { ok: true };
  },
};

/**
 * The store as handlers see it: a write that resolves ends a failure report. Measured at the write,
 * not per event, because some events succeed without writing (a move to the current slide, a poll
 * already closed) and would otherwise announce "working again" while the store still fails.
 */
function reportingWrites(store: TalkStore, failures: FailureSummary): TalkStore {
  const done = <T>(write: Promise<T>): Promise<T> =>
    write.then((result) => {
      failures.succeeded();
      return result;
    });
  return {
    load: (...args) => store.load(...args),
    runs: (deck) => store.runs(deck),
    timeline: (...args) => store.timeline(...args),
    newRun: (...args) => done(store.newRun(...args)),
    ensureRun: (...args) => done(store.ensureRun(...args)),
    recordAudience: (...args) => done(store.recordAudience(...args)),
    setSlide: (...args) => done(store.setSlide(...args)),
    updatePoll: (...args) => done(store.updatePoll(...args)),
    castBallot: (...args) => done(store.castBallot(...args)),
    rate: (...args) => done(store.rate(...args)),
    askQuestion: (...args) => done(store.askQuestion(...args)),
    upvoteQuestion: (...args) => done(store.upvoteQuestion(...args)),
    setQuestionState: (...args) => done(store.setQuestionState(...args)),
    setLost: (...args) => done(store.setLost(...args)),
    close: () => store.close(),
  };
}

export interface DispatcherDeps {
  store: TalkStore;
  decks: ReadonlyMap<string, LiveDeck>;
  rejections: Rejections;
  /** Failed events (the store refusing), reported as a few summary lines. */
  failures: FailureSummary;
}

type AnyAck = (reply: { ok: boolean }) => void;
const noAck: AnyAck = () => {};

/**
 * Returns the function every incoming packet of a socket goes to (`[event, ...args]`, an ack function
 * last if the client wants an answer): a socket.io socket's (no event reaches socket.io's own emitter,
 * see `eventRouter` in `socketIoInternals.ts`) and a wire phone's (`phoneWire/wirePhone.ts`) alike.
 */
export function createDispatcher(deps: DispatcherDeps) {
  const { rejections } = deps;
  const store = reportingWrites(deps.store, deps.failures);
  // Buckets of their own, by client id (the pointer's by socket): reactions and the pointer come
  // many a second and must not use up the tokens a vote needs; questions are few by design.
  // A phone's bucket outlives its socket, so a reconnect continues it (see `createBucketRegistry`);
  // a socket with the token gets a fresh one.
  const audienceBuckets = createBucketRegistry(AUDIENCE_LIMIT);
  const reactionBuckets = createBucketRegistry(REACTION_LIMIT);
  const pointerBuckets = createBucketRegistry(POINTER_LIMIT);
  const questionBuckets = createBucketRegistry(QUESTION_LIMIT);
  const bucketFor = (socket: LivePeer, event: unknown, now: number): [BucketState, RateLimit] => {
    const { deck, clientId, role } = socket.data;
    if (event === 'react') return [reactionBuckets.bucketFor(`${deck}\n${clientId}`, now), REACTION_LIMIT];
    if (event === 'pointer') return [pointerBuckets.bucketFor(socket.id, now), POINTER_LIMIT];
    if (role !== 'audience') {
      socket.data.bucket ??= fullBucket(PRESENTER_LIMIT, now);
      return [socket.data.bucket, PRESENTER_LIMIT];
    }
    socket.data.bucket ??= audienceBuckets.bucketFor(`${deck}\n${clientId}`, now);
    return [socket.data.bucket, AUDIENCE_LIMIT];
  };

  const refuse = (ack: AnyAck, error: ErrorCode): void => {
    rejections.count(error);
    ack({ ok: false, error } as never);
  };

  return function dispatch(socket: LivePeer, packet: unknown[]): void {
    // Packets already read from the wire still arrive after a flood disconnect.
    if (!socket.connected) return;
    const [event, ...args] = packet;
    const ack: AnyAck = typeof args.at(-1) === 'function' ? (args.pop() as AnyAck) : noAck;

    const now = Date.now();
    const [bucket, limit] = bucketFor(socket, event, now);
    const verdict = take(bucket, limit, now);
    if (verdict !== 'allow') {
      refuse(ack, 'rate-limited');
      if (verdict === 'close') {
        rejections.count('flood-disconnect');
        socket.disconnect(true);
      }
      return;
    }
    if (typeof event !== 'string' || !isClientEvent(event)) {
      refuse(ack, 'unknown-event');
      return;
    }
    if (!roleMaySend(socket.data.role, event)) {
      refuse(ack, 'forbidden');
      return;
    }
    const parsed = clientPayloadSchemas[event].safeParse(args[0]);
    if (!parsed.success) {
      refuse(ack, 'invalid-payload');
      return;
    }
    const live = deps.decks.get(socket.data.deck);
    if (!live) {
      refuse(ack, 'internal');
      return;
    }

    const handler = handlers[event] as Handler<ClientEventName>;
    const mayAsk = () =>
      take(questionBuckets.bucketFor(`${socket.data.deck}\n${socket.data.clientId}`, now), QUESTION_LIMIT, now) ===
      'allow';
    handler({ socket, live, store, mayAsk }, parsed.data as Payload<ClientEventName>).then(
      (reply) => {
        if (!reply.ok) rejections.count(reply.error);
        ack(reply);
      },
      (error: unknown) => {
        deps.failures.failed(event, error);
        refuse(ack, 'internal');
      },
    );
  };
}
