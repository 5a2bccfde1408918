/**
 * One deck's live talk wired to its socket.io rooms: the talk state, the coalesced counters, the
 * queue the presenter's changes go through, and the messages that tell the room what changed.
 */
import type { Server, Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  PointerPayload,
  QuestionBoard,
  ReactionBurst,
  Role,
  ServerToClientEvents,
  SlidePosition,
  Stats,
} from '../../src/protocol.ts';
import { ReactionWindow } from '../room/reactionWindow.ts';
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
  /** Minimum time between two counter messages to the presenter sockets. @defaultValue 250 */
  statsIntervalMs?: number;
  /**
   * Minimum time between two counter messages to the audience. Longer than the presenter's: each one
   * goes to every phone, and while a room fills up the audience count changes with every arrival.
   * @defaultValue 1000
   */
  audienceStatsIntervalMs?: number;
  /** The window reactions are counted over before they go to the projector. @defaultValue 250 */
  reactionWindowMs?: number;
}

export class LiveDeck {
  readonly rooms: Readonly<Record<Role, string>>;
  /** The presenter's changes, one at a time. */
  readonly serial: Serial = createSerial();
  private readonly counters: Coalescer[];
  private readonly boards: Coalescer[];
  private readonly reactionWindow = new ReactionWindow();
  private readonly reactionFlush: Coalescer;

  constructor(
    private readonly io: LecternServer,
    readonly talk: Talk,
    options: LiveDeckOptions = {},
  ) {
    this.rooms = { presenter: `${talk.deck}:presenter`, audience: `${talk.deck}:audience` };
    const toPresenters = createChangeFilter((stats: Stats) =>
      broadcast(io, [this.rooms.presenter], null, 'stats', stats),
    );
    const toAudience = createChangeFilter((stats: Stats) => broadcast(io, [this.rooms.audience], null, 'stats', stats));
    this.counters = [
      createCoalescer(() => toPresenters(this.talk.stats('presenter')), options.statsIntervalMs ?? 250),
      createCoalescer(() => toAudience(this.talk.stats('audience')), options.audienceStatsIntervalMs ?? 1000),
    ];
    const boardTo = (role: Role) =>
      createChangeFilter((board: QuestionBoard) => broadcast(io, [this.rooms[role]], null, 'questions', board));
    const boardToPresenters = boardTo('presenter');
    const boardToAudience = boardTo('audience');
    this.boards = [
      createCoalescer(() => boardToPresenters(this.talk.questions.board('presenter')), options.statsIntervalMs ?? 250),
      createCoalescer(
        () => boardToAudience(this.talk.questions.board('audience')),
        options.audienceStatsIntervalMs ?? 1000,
      ),
    ];
    this.reactionFlush = createCoalescer(() => {
      const burst = this.reactionWindow.take();
      if (burst) this.sendReactions(burst);
    }, options.reactionWindowMs ?? 250);
  }

  /** A question was asked, upvoted or changed: the boards follow, coalesced. */
  questionsChanged(): void {
    for (const c of this.boards) c.touch();
  }

  /**
   * Whether this node knows the question. A single server always does; a node of a cluster may not
   * yet have read one asked through another node a moment ago, and reads again before saying no.
   */
  async knowsQuestion(id: string): Promise<boolean> {
    return this.talk.questions.get(id) !== undefined;
  }

  /** One reaction from a phone: counted, and sent with the others of its window. */
  react(index: number): void {
    this.reactionWindow.add(index);
    this.reactionFlush.touch();
  }

  /** A window's reactions, to the projector and the speaker view (never to the phones). */
  protected sendReactions(burst: ReactionBurst): void {
    broadcast(this.io, [this.rooms.presenter], null, 'reactions', burst);
  }

  /** The speaker's pointer, to everyone but the speaker view that drew it. */
  broadcastPointer(pointer: PointerPayload, except: string | null): void {
    broadcast(this.io, [this.rooms.presenter, this.rooms.audience], except, 'pointer', pointer);
  }

  /** The room's settings changed (reactions switched). */
  broadcastRoom(): void {
    broadcast(this.io, [this.rooms.presenter, this.rooms.audience], null, 'room', this.talk.roomSettings);
  }

  /** Tallies, the audience count or the rating changed. */
  countersChanged(): void {
    for (const c of this.counters) c.touch();
  }

  /** Everyone but the presenter socket that moved (it already knows, and an echo could pull it back). */
  broadcastSlide(seq: number, slide: SlidePosition, except: string): void {
    broadcast(this.io, [this.rooms.presenter, this.rooms.audience], except, 'slide', { seq, ...slide });
  }

  /** Each role gets the poll as it may see it: the audience learns the answer only at the reveal. */
  broadcastPoll(seq: number, pollId: string): void {
    broadcast(this.io, [this.rooms.presenter], null, 'poll', { seq, poll: this.talk.pollState(pollId, 'presenter') });
    broadcast(this.io, [this.rooms.audience], null, 'poll', { seq, poll: this.talk.pollState(pollId, 'audience') });
    // Showing results or revealing may make tallies visible to the audience.
    this.countersChanged();
  }

  close(): void {
    for (const c of [...this.counters, ...this.boards, this.reactionFlush]) c.close();
  }
}
