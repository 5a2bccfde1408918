/**
 * One deck's live talk wired to its socket.io rooms: the talk state, the coalesced counters, the
 * queue the presenter's changes go through, and the messages that tell the room what changed.
 */
import type { Server, Socket } from 'socket.io';
import {
  type ClientToServerEvents,
  ROLES,
  type Role,
  type ServerToClientEvents,
  type SlidePosition,
  type Stats,
} from '../../src/protocol.ts';
import type { Talk } from '../talk/talk.ts';
import { type Coalescer, createChangeFilter, createCoalescer } from './coalescer.ts';
import { broadcast } from './fanout.ts';
import type { BucketState } from './rateLimit.ts';
import { createSerial, type Serial } from './serial.ts';

/** Kept per socket; small on purpose, there may be 10,000 of them. */
export interface SocketData {
  deck: string;
  role: Role;
  clientId: string;
  bucket: BucketState;
}

export type LecternServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type LecternSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface LiveDeckOptions {
  /** Minimum time between two counter messages to the presenter and projector sockets. @defaultValue 250 */
  statsIntervalMs?: number;
  /**
   * Minimum time between two counter messages to the audience. Longer than the presenter's: each one
   * goes to every phone, and while a room fills up the audience count changes with every arrival.
   * @defaultValue 1000
   */
  audienceStatsIntervalMs?: number;
}

export class LiveDeck {
  readonly rooms: Readonly<Record<Role, string>>;
  /** The presenter's changes, one at a time. */
  readonly serial: Serial = createSerial();
  private readonly counters: Coalescer[];
  private readonly countersListeners: (() => void)[] = [];
  private readonly runListeners: (() => void)[] = [];

  constructor(
    private readonly io: LecternServer,
    /**
     * The current run's talk. Replaced, never changed back, when a new run starts: a handler that
     * took the old one before awaiting the store folds the store's answer into the run it wrote to.
     */
    public talk: Talk,
    options: LiveDeckOptions = {},
  ) {
    this.rooms = {
      presenter: `${talk.deck}:presenter`,
      projector: `${talk.deck}:projector`,
      audience: `${talk.deck}:audience`,
    };
    const counters = (role: Role, intervalMs: number) => {
      const send = createChangeFilter((stats: Stats) => broadcast(io, [this.rooms[role]], null, 'stats', stats));
      return createCoalescer(() => send(this.talk.stats(role)), intervalMs);
    };
    this.counters = [
      counters('presenter', options.statsIntervalMs ?? 250),
      counters('projector', options.statsIntervalMs ?? 250),
      counters('audience', options.audienceStatsIntervalMs ?? 1000),
    ];
  }

  /** Tallies, the audience count or the rating changed. */
  countersChanged(): void {
    for (const c of this.counters) c.touch();
    for (const listener of this.countersListeners) listener();
  }

  /** Called on every `countersChanged`; keep it O(1) (the audience timeline only touches a timer). */
  onCountersChanged(listener: () => void): void {
    this.countersListeners.push(listener);
  }

  /** Called after a new run's talk took over. */
  onRunStarted(listener: () => void): void {
    this.runListeners.push(listener);
  }

  /**
   * A new run took over: every socket of the deck on this server gets the clean run's snapshot, so
   * a phone moves to it without reloading. Nobody has a ballot or a rating in it yet, so one
   * snapshot per role serves every socket.
   */
  startRun(talk: Talk): void {
    this.talk = talk;
    broadcast(this.io, [this.rooms.presenter], null, 'snapshot', talk.snapshot('presenter', ''));
    broadcast(this.io, [this.rooms.audience], null, 'snapshot', talk.snapshot('audience', ''));
    for (const listener of this.runListeners) listener();
    this.countersChanged();
  }

  /** Everyone but the socket that moved (it already knows, and an echo could pull it back). */
  broadcastSlide(seq: number, slide: SlidePosition, except: string): void {
    broadcast(this.io, Object.values(this.rooms), except, 'slide', { seq, ...slide });
  }

  /** Each role gets the poll as it may see it: the projector and the audience learn the answer only at the reveal. */
  broadcastPoll(seq: number, pollId: string): void {
    for (const role of ROLES) {
      broadcast(this.io, [this.rooms[role]], null, 'poll', { seq, poll: this.talk.pollState(pollId, role) });
    }
    // Showing results or revealing may make tallies visible to the audience.
    this.countersChanged();
  }

  close(): void {
    for (const c of this.counters) c.close();
  }
}
