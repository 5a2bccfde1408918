/**
 * The server's validate → apply path without a socket: the real app in process (`startLectern`) on
 * the fixture deck and an in-memory store, and the real dispatcher, with the real rate limits, handed
 * a stand-in socket. Fast enough to push hundreds of thousands of payloads through every handler.
 */
import { vi } from 'vitest';
import type { App } from '../../../server/app.ts';
import { createDispatcher } from '../../../server/live/dispatcher.ts';
import type { LecternSocket, SocketData } from '../../../server/live/liveDeck.ts';
import {
  AUDIENCE_LIMIT,
  fullBucket,
  POINTER_LIMIT,
  PRESENTER_LIMIT,
  QUESTION_LIMIT,
  REACTION_LIMIT,
} from '../../../server/live/rateLimit.ts';
import { CLIENT_EVENT_NAMES } from '../../../server/live/schemas.ts';
import { silentLogger } from '../../../server/log.ts';
import type { TalkStore } from '../../../server/store/types.ts';
import type { ClientEventName, Role } from '../../../src/protocol.ts';
import { startLectern } from '../../helpers/lectern.ts';
import { FIXTURE_DECK } from '../../server/fixtureDist.ts';

export type Reply = { ok: boolean; error?: string; [key: string]: unknown };

export interface InProcessTalk {
  app: App;
  store: TalkStore;
  /**
   * Hands the dispatcher one packet `[event, ...args, ack]` from a socket of `role`, with every
   * rate-limit bucket full, and resolves with the ack's reply. Rejects if the ack comes twice.
   */
  send(role: Role, clientId: string, event: unknown, args: unknown[]): Promise<Reply>;
  /** Everything the talk and the store hold, as one string: equal strings, equal state. */
  fingerprint(): Promise<string>;
  close(): Promise<void>;
}

/**
 * How far the dispatcher's clock moves before each packet: past the time the slowest bucket takes to
 * fill up (a question's: a minute), so every packet meets the real limits with full buckets, as if the
 * fuzzing phones took their time between payloads. Thousands of questions from three ids get through.
 */
const BUCKETS_FULL_AFTER_MS =
  Math.max(
    ...[AUDIENCE_LIMIT, PRESENTER_LIMIT, QUESTION_LIMIT, REACTION_LIMIT, POINTER_LIMIT].map(
      (limit) => (limit.burst / limit.perSecond) * 1000,
    ),
  ) + 1;

export async function startInProcessTalk(): Promise<InProcessTalk> {
  const lectern = await startLectern({ store: 'memory', log: silentLogger });
  const { app, store } = lectern;
  // The same factory the app's sockets use, with its own (real) limits.
  const dispatch = createDispatcher({ store, decks: app.decks, rejections: app.rejections, failures: app.failures });
  const live = app.decks.get(FIXTURE_DECK)!;
  const realNow = Date.now.bind(Date);
  let skipped = 0;
  const clock = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + skipped);

  const socketOf = (role: Role, clientId: string): LecternSocket => {
    const data: SocketData = {
      deck: FIXTURE_DECK,
      role,
      clientId,
      bucket: fullBucket(role === 'presenter' ? PRESENTER_LIMIT : AUDIENCE_LIMIT, Date.now()),
    };
    return { id: `fuzz-${role}`, connected: true, data, disconnect: () => undefined } as unknown as LecternSocket;
  };

  return {
    app,
    store,
    send(role, clientId, event, args) {
      skipped += BUCKETS_FULL_AFTER_MS;
      return new Promise<Reply>((resolve, reject) => {
        let answered = false;
        const ack = (reply: Reply) => {
          if (answered) return reject(new Error(`second ack for ${String(event)}`));
          answered = true;
          resolve(reply);
        };
        dispatch(socketOf(role, clientId), [event, ...args, ack]);
      });
    },
    async fingerprint() {
      // Not the whole snapshot: building one costs ~50 µs, and this runs once per fuzzed payload.
      // Sequence, slide, poll records, tallies, rating and room cover everything a handler may change.
      const { talk } = live;
      const polls = talk.quizzes.map((q) => talk.pollState(q.id, 'presenter'));
      const room = [talk.questions.all(), talk.lostMe.counts(), talk.reactionsOn];
      const memory = JSON.stringify([talk.seq, talk.slide, polls, talk.stats('presenter'), room]);
      const stored = await store.load(FIXTURE_DECK);
      const ballots = stored.ballots.map((b) => `${b.pollId}/${b.clientId}/${b.choice}`).sort();
      const ratings = stored.ratings.map((r) => `${r.clientId}/${r.score}`).sort();
      const upvotes = (stored.upvotes ?? []).map((u) => `${u.questionId}/${u.clientId}`).sort();
      const lost = (stored.lost ?? []).map((l) => `${l.h}.${l.v}/${l.clientId}`).sort();
      return JSON.stringify([
        memory,
        stored.seq,
        stored.slide,
        stored.polls,
        ballots,
        ratings,
        stored.questions,
        upvotes,
        lost,
      ]);
    },
    async close() {
      clock.mockRestore();
      await lectern.close();
    },
  };
}

/** Every event the server has a handler for. */
export const CLIENT_EVENTS = [...CLIENT_EVENT_NAMES] as ClientEventName[];
