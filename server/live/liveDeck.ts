/**
 * One deck's live talk wired to its socket.io rooms: the talk state, the coalesced counters, the
 * queue the presenter's changes go through, and the messages that tell the room what changed.
 */
import type { Server, Socket } from 'socket.io';
import {
  type ClientToServerEvents,
  type PointerPayload,
  type QuestionBoard,
  type ReactionBurst,
  ROLES,
  type Role,
  type ServerToClientEvents,
  type SlidePosition,
  type Stats,
} from '../../src/protocol.ts';
import { ReactionWindow } from '../room/reactionWindow.ts';
import type { Talk } from '../talk/talk.ts';
import { type Coalescer, createChangeFilter, createCoalescer } from './coalescer.ts';
import { broadcast, type FanoutMode } from './fanout.ts';
import type { WirePhone } from './phoneWire/wirePhone.ts';
import type { BucketState } from './rateLimit.ts';
import { createSerial, type Serial } from './serial.ts';

/** Kept per socket; small on purpose, there may be 10,000 of them. */
export interface SocketData {
  deck: string;
  role: Role;
  clientId: string;
  /** Its rate bucket, from its first event on (see the dispatcher). */
  bucket: BucketState | null;
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
  /** How room broadcasts reach the sockets (see `fanout.ts`). @defaultValue 'direct' */
  fanout?: FanoutMode;
  /** The window reactions are counted over before they go to the projector. @defaultValue 250 */
  reactionWindowMs?: number;
}

export class LiveDeck {
  readonly rooms: Readonly<Record<Role, string>>;
  /** The deck's phones on the plain WebSocket wire (`phoneWire/`): its audience beside the audience room. */
  readonly wirePhones = new Set<WirePhone>();
  /** The presenter's changes, one at a time. */
  readonly serial: Serial = createSerial();
  private readonly counters: Coalescer[];
  private readonly countersListeners: (() => void)[] = [];
  private readonly runListeners: (() => void)[] = [];
  private readonly fanout: FanoutMode;
  private readonly boards: Coalescer[];
  private readonly reactionWindow = new ReactionWindow();
  private readonly reactionFlush: Coalescer;
  private phoneViewVersion = 0;

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
    this.fanout = options.fanout ?? 'direct';
    // A phone shows tallies and the rating, not how many phones there are: a count that changes with
    // every arrival would otherwise go to the whole room every second while a crowd joins, O(phones²)
    // messages. It rides along with the next change a phone does show; every snapshot has it too, so
    // the filter starts from what a joining phone's snapshot already says.
    const counters = (role: Role, intervalMs: number) => {
      const toRoom = (stats: Stats) => this.send([role], null, 'stats', stats);
      const send =
        role === 'audience'
          ? createChangeFilter(toRoom, (stats) => [stats.rating, stats.tallies], talk.stats('audience'))
          : createChangeFilter(toRoom);
      return createCoalescer(() => send(this.talk.stats(role)), intervalMs);
    };
    this.counters = [
      counters('presenter', options.statsIntervalMs ?? 250),
      counters('projector', options.statsIntervalMs ?? 250),
      counters('audience', options.audienceStatsIntervalMs ?? 1000),
    ];
    const boardTo = (role: Role) =>
      createChangeFilter((board: QuestionBoard) => this.send([role], null, 'questions', board));
    const boardToPresenters = boardTo('presenter');
    const boardToProjector = boardTo('projector');
    const boardToAudience = boardTo('audience');
    this.boards = [
      createCoalescer(() => boardToPresenters(this.talk.questions.board('presenter')), options.statsIntervalMs ?? 250),
      createCoalescer(() => boardToProjector(this.talk.questions.board('projector')), options.statsIntervalMs ?? 250),
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

  /**
   * Moves on with every change a phone without ballots, rating or questions of its own can see in its
   * snapshot (the phone count apart): the slide, a poll's phase, tallies or answers shown, the rating,
   * the questions board, the room's settings, the run. A joining phone's snapshot is encoded once
   * per version (`snapshotCache.ts`), so a change that does not move it reaches no phone joining later.
   */
  get phoneView(): number {
    return this.phoneViewVersion;
  }

  /** The talk changed in a way phones see, other than through the messages below (which say so themselves). */
  phoneViewChanged(): void {
    this.phoneViewVersion += 1;
  }

  /** A question was asked, upvoted or changed: the boards follow, coalesced. */
  questionsChanged(): void {
    this.phoneViewChanged();
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
    this.send(['presenter', 'projector'], null, 'reactions', burst);
  }

  /** The speaker's pointer, to everyone but the speaker view that drew it. */
  broadcastPointer(pointer: PointerPayload, except: string | null): void {
    this.send(ROLES, except, 'pointer', pointer);
  }

  /** The room's settings changed (reactions switched). */
  broadcastRoom(): void {
    this.phoneViewChanged();
    this.send(ROLES, null, 'room', this.talk.roomSettings);
  }

  /** A ballot was counted: phones see it once the poll's bars are shown. */
  ballotCounted(pollId: string): void {
    if (this.talk.tallyVisible(pollId, 'audience')) this.phoneViewChanged();
    this.countersChanged();
  }

  /** A rating was counted: every phone sees the summary. */
  ratingCounted(): void {
    this.phoneViewChanged();
    this.countersChanged();
  }

  /** Tallies, the audience count or the rating changed (`ballotCounted`, `ratingCounted` for what phones see). */
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
    this.phoneViewChanged();
    for (const role of ROLES) {
      this.send([role], null, 'snapshot', talk.snapshot(role, ''));
    }
    for (const listener of this.runListeners) listener();
    this.countersChanged();
  }

  /** Everyone but the socket that moved (it already knows, and an echo could pull it back). */
  broadcastSlide(seq: number, slide: SlidePosition, except: string): void {
    this.phoneViewChanged();
    this.send(ROLES, except, 'slide', { seq, ...slide });
  }

  /** Each role gets the poll as it may see it: the projector and the audience learn the answer only at the reveal. */
  broadcastPoll(seq: number, pollId: string): void {
    this.phoneViewChanged();
    for (const role of ROLES) {
      this.send([role], null, 'poll', { seq, poll: this.talk.pollState(pollId, role) });
    }
    // Showing results or revealing may make tallies visible to the audience.
    this.countersChanged();
  }

  /**
   * One event to these roles' sockets on this server but `except`: their socket.io rooms, and for the
   * audience the phones on the wire too, each kind's frame encoded once.
   */
  private send<E extends keyof ServerToClientEvents>(
    roles: readonly Role[],
    except: string | null,
    event: E,
    payload: Parameters<ServerToClientEvents[E]>[0],
  ): void {
    const rooms = roles.map((role) => this.rooms[role]);
    const phones = roles.includes('audience') ? this.wirePhones : null;
    broadcast(this.io, this.fanout, rooms, except, event, payload, phones);
  }

  close(): void {
    for (const c of [...this.counters, ...this.boards, this.reactionFlush]) c.close();
  }
}
