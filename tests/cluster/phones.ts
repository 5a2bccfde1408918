/**
 * A phone (or a presenter window) for the cluster tests: a real socket.io client folded into the
 * pages' own `TalkState`, resyncing on a gap as the pages do. Everything it waits for is bounded.
 */
import { io as ioClient, type Socket } from 'socket.io-client';
import {
  type ClientEventName,
  type ClientToServerEvents,
  needsToken,
  type PointerPayload,
  type Role,
  type ServerToClientEvents,
  type Stats,
} from '../../src/protocol.ts';
import { TalkState } from '../../src/shared/talkState.ts';
import { newClientId, TEST_TOKEN } from '../helpers/lectern.ts';
import { FIXTURE_DECK } from '../server/fixtureDist.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type AckOf<E extends ClientEventName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

const WAIT_MS = 10_000;

export interface Phone {
  clientId: string;
  socket: ClientSocket;
  state: TalkState;
  /** Snapshots received: one per connect (and per resync). */
  snapshots: number;
  /** The last `stats` received. */
  stats: Stats | null;
  /** Reactions received (speaker views and projectors), summed per reaction. */
  reactions: number[];
  /** Pointer positions received. */
  pointers: PointerPayload[];
  call<E extends ClientEventName>(event: E, payload: Parameters<ClientToServerEvents[E]>[0]): Promise<AckOf<E>>;
  /** Resolves once `predicate` holds on this phone; fails with `what` after a bounded wait. */
  until(what: string, predicate: (phone: Phone) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

export interface PhoneOptions {
  role?: Role;
  clientId?: string;
  /** Let socket.io reconnect by itself (to the same URL, e.g. a load balancer). @defaultValue false */
  reconnect?: boolean;
}

/** Connects and resolves once the first snapshot arrived. */
export async function connectPhone(url: string, options: PhoneOptions = {}): Promise<Phone> {
  const role = options.role ?? 'audience';
  const clientId = options.clientId ?? newClientId();
  const socket: ClientSocket = ioClient(url, {
    auth: { deck: FIXTURE_DECK, role, clientId, ...(needsToken(role) ? { token: TEST_TOKEN } : {}) },
    // What the phone page tries first; polling is refused in multi-node mode.
    transports: ['websocket'],
    forceNew: true,
    reconnection: options.reconnect ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    timeout: 5000,
  });
  const state = new TalkState();
  const waiters = new Set<() => void>();
  const changed = () => {
    for (const check of [...waiters]) check();
  };

  const phone: Phone = {
    clientId,
    socket,
    state,
    snapshots: 0,
    stats: null,
    reactions: [0, 0, 0, 0, 0],
    pointers: [],
    async call(event, payload) {
      const emit = socket.timeout(WAIT_MS) as unknown as { emitWithAck(e: string, p: unknown): Promise<never> };
      const reply: unknown = await emit.emitWithAck(event, payload);
      // As the phone page does: an acknowledged ballot or score is this device's own.
      const acked = reply as { ok: boolean; pollId?: string; choice?: number; score?: number };
      if (acked.ok && acked.pollId !== undefined && acked.choice !== undefined)
        state.recordBallot(acked.pollId, acked.choice);
      if (acked.ok && acked.score !== undefined) state.recordScore(acked.score);
      return reply as AckOf<typeof event>;
    },
    until(what, predicate, timeoutMs = WAIT_MS) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(phone)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `${role} ${clientId}: timed out waiting for ${what}; has ${JSON.stringify({ seq: state.seq, slide: state.slide, stats: phone.stats })}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => socket.disconnect(),
  };

  const resync = () => {
    phone
      .call('snapshot:get', {})
      .then((reply) => {
        if (reply.ok) {
          state.applySnapshot(reply.snapshot);
          changed();
        }
      })
      .catch(() => {});
  };
  socket.on('snapshot', (snapshot) => {
    phone.snapshots += 1;
    state.applySnapshot(snapshot);
    changed();
  });
  socket.on('slide', (delta) => {
    if (state.applySlide(delta) === 'gap') resync();
    changed();
  });
  socket.on('poll', (delta) => {
    if (state.applyPoll(delta) === 'gap') resync();
    changed();
  });
  socket.on('stats', (stats) => {
    phone.stats = stats;
    state.applyStats(stats);
    changed();
  });
  socket.on('questions', (board) => {
    state.applyQuestions(board);
    changed();
  });
  socket.on('room', (settings) => {
    state.applyRoom(settings);
    changed();
  });
  socket.on('reactions', ({ counts }) => {
    phone.reactions = phone.reactions.map((n, i) => n + (counts[i] ?? 0));
    changed();
  });
  socket.on('pointer', (pointer) => {
    phone.pointers.push(pointer);
    changed();
  });

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no snapshot from ${url}`)), WAIT_MS);
    socket.once('snapshot', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (error) => {
      if (options.reconnect) return;
      clearTimeout(timer);
      reject(error);
    });
  });
  return phone;
}
