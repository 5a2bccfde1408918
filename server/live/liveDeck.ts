/**
 * One deck's live talk wired to its socket.io rooms: the talk state, the coalesced counters, the
 * queue the presenter's changes go through, and the messages that tell the room what changed.
 */
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, Role, ServerToClientEvents, SlidePosition, Stats } from '../../src/protocol.ts';
import type { Talk } from '../talk/talk.ts';
import { type Coalescer, createChangeFilter, createCoalescer } from './coalescer.ts';
import { broadcast, type FanoutMode } from './fanout.ts';
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
  /** Minimum time between two counter messages to the presenter sockets. @defaultValue 250 */
  statsIntervalMs?: number;
  /**
   * Minimum time between two counter messages to the audience. Longer than the presenter's: each one
   * goes to every phone, and while a room fills up the audience count changes with every arrival.
   * @defaultValue 1000
   */
  audienceStatsIntervalMs?: number;
  /** How room broadcasts reach the sockets (see `fanout.ts`). @defaultValue 'direct' */
  fanout?: FanoutMode;
}

export class LiveDeck {
  readonly rooms: Readonly<Record<Role, string>>;
  /** The presenter's changes, one at a time. */
  readonly serial: Serial = createSerial();
  private readonly counters: Coalescer[];
  private readonly fanout: FanoutMode;

  constructor(
    private readonly io: LecternServer,
    readonly talk: Talk,
    options: LiveDeckOptions = {},
  ) {
    this.rooms = { presenter: `${talk.deck}:presenter`, audience: `${talk.deck}:audience` };
    this.fanout = options.fanout ?? 'direct';
    const toPresenters = createChangeFilter((stats: Stats) =>
      broadcast(io, this.fanout, [this.rooms.presenter], null, 'stats', stats),
    );
    // A phone shows tallies and the rating, not how many phones there are: a count that changes with
    // every arrival would otherwise go to the whole room every second while a crowd joins, O(phones²)
    // messages. It rides along with the next change a phone does show; every snapshot has it too, so
    // the filter starts from what a joining phone's snapshot already says.
    const toAudience = createChangeFilter(
      (stats: Stats) => broadcast(io, this.fanout, [this.rooms.audience], null, 'stats', stats),
      (stats) => [stats.rating, stats.tallies],
      talk.stats('audience'),
    );
    this.counters = [
      createCoalescer(() => toPresenters(this.talk.stats('presenter')), options.statsIntervalMs ?? 250),
      createCoalescer(() => toAudience(this.talk.stats('audience')), options.audienceStatsIntervalMs ?? 1000),
    ];
  }

  /** Tallies, the audience count or the rating changed. */
  countersChanged(): void {
    for (const c of this.counters) c.touch();
  }

  /** Everyone but the presenter socket that moved (it already knows, and an echo could pull it back). */
  broadcastSlide(seq: number, slide: SlidePosition, except: string): void {
    broadcast(this.io, this.fanout, [this.rooms.presenter, this.rooms.audience], except, 'slide', { seq, ...slide });
  }

  /** Each role gets the poll as it may see it: the audience learns the answer only at the reveal. */
  broadcastPoll(seq: number, pollId: string): void {
    broadcast(this.io, this.fanout, [this.rooms.presenter], null, 'poll', {
      seq,
      poll: this.talk.pollState(pollId, 'presenter'),
    });
    broadcast(this.io, this.fanout, [this.rooms.audience], null, 'poll', {
      seq,
      poll: this.talk.pollState(pollId, 'audience'),
    });
    // Showing results or revealing may make tallies visible to the audience.
    this.countersChanged();
  }

  close(): void {
    for (const c of this.counters) c.close();
  }
}
