/**
 * One deck's live talk wired to its socket.io rooms: the talk state, the coalesced counters, the
 * queue the presenter's changes go through, and the messages that tell the room what changed.
 */
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, Role, ServerToClientEvents, SlidePosition } from '../src/protocol.ts';
import { createChangeFilter, createCoalescer, type Coalescer } from './broadcast.ts';
import type { BucketState } from './rateLimit.ts';
import { createSerial, type Serial } from './serial.ts';
import type { Talk } from './talk.ts';

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
  /** Minimum time between two counter messages to a room. @defaultValue 250 */
  statsIntervalMs?: number;
}

export class LiveDeck {
  readonly rooms: Readonly<Record<Role, string>>;
  /** The presenter's changes, one at a time. */
  readonly serial: Serial = createSerial();
  private readonly stats: Coalescer;

  constructor(
    private readonly io: LecternServer,
    readonly talk: Talk,
    options: LiveDeckOptions = {},
  ) {
    this.rooms = { presenter: `${talk.deck}:presenter`, audience: `${talk.deck}:audience` };
    const toPresenters = createChangeFilter((stats: ReturnType<Talk['stats']>) =>
      this.io.to(this.rooms.presenter).emit('stats', stats),
    );
    const toAudience = createChangeFilter((stats: ReturnType<Talk['stats']>) =>
      this.io.to(this.rooms.audience).emit('stats', stats),
    );
    this.stats = createCoalescer(() => {
      toPresenters(this.talk.stats('presenter'));
      toAudience(this.talk.stats('audience'));
    }, options.statsIntervalMs);
  }

  /** Tallies, the audience count or the rating changed. */
  countersChanged(): void {
    this.stats.touch();
  }

  /** Everyone but the presenter socket that moved (it already knows, and an echo could pull it back). */
  broadcastSlide(seq: number, slide: SlidePosition, except: string): void {
    this.io.to([this.rooms.presenter, this.rooms.audience]).except(except).emit('slide', { seq, ...slide });
  }

  /** Each role gets the poll as it may see it: the audience learns the answer only at the reveal. */
  broadcastPoll(seq: number, pollId: string): void {
    this.io.to(this.rooms.presenter).emit('poll', { seq, poll: this.talk.pollState(pollId, 'presenter') });
    this.io.to(this.rooms.audience).emit('poll', { seq, poll: this.talk.pollState(pollId, 'audience') });
    // Showing results or revealing may make tallies visible to the audience.
    this.stats.touch();
  }

  close(): void {
    this.stats.close();
  }
}
