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
import type { MemoryTalkStore } from '../../../server/store/memory.ts';
import type { Talk } from '../../../server/talk/talk.ts';
import type { ClientEventName, Role } from '../../../src/protocol.ts';
import { startLectern } from '../../helpers/lectern.ts';
import { FIXTURE_DECK } from '../../server/fixtureDist.ts';

export type Reply = { ok: boolean; error?: string; [key: string]: unknown };

export interface InProcessTalk {
  app: App;
  store: MemoryTalkStore;
  /**
   * Hands the dispatcher one packet `[event, ...args, ack]` from a socket of `role`, with every
   * rate-limit bucket full, and resolves with the ack's reply. Rejects if the ack comes twice.
   */
  send(role: Role, clientId: string, event: unknown, args: unknown[]): Promise<Reply>;
  /**
   * Which talk is live and how many changes it and the store have taken, as one string: equal
   * strings, nothing changed in between. O(1), however much the fuzzing left in the talk.
   */
  fingerprint(): string;
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
  const { app } = lectern;
  const store = lectern.store as MemoryTalkStore;
  if (typeof store.changes !== 'number') throw new Error('the in-process talk needs the memory store');
  // The same factory the app's sockets use, with its own (real) limits.
  const dispatch = createDispatcher({ store, decks: app.decks, rejections: app.rejections, failures: app.failures });
  const live = app.decks.get(FIXTURE_DECK)!;
  const realNow = Date.now.bind(Date);
  let skipped = 0;
  const clock = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + skipped);
  /** A number per talk the deck has had (a new run replaces it). */
  const talkIds = new WeakMap<Talk, number>();
  let talks = 0;

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
    fingerprint() {
      const { talk } = live;
      if (!talkIds.has(talk)) talkIds.set(talk, ++talks);
      return `${talkIds.get(talk)}/${talk.changes}/${store.changes}`;
    },
    async close() {
      clock.mockRestore();
      await lectern.close();
    },
  };
}

/** Every event the server has a handler for. */
export const CLIENT_EVENTS = [...CLIENT_EVENT_NAMES] as ClientEventName[];
