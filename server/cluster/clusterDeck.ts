/**
 * One deck's live talk on one node of a cluster: a `LiveDeck` whose changes also go to the other
 * nodes, and which applies theirs and tells its own sockets, exactly as if they had been made here.
 */
import type { PointerPayload, ReactionBurst, SlidePosition } from '../../src/protocol.ts';
import { type LecternServer, LiveDeck, type LiveDeckOptions } from '../live/liveDeck.ts';
import { sendSnapshot } from '../live/snapshotCache.ts';
import type { PollRecord } from '../store/types.ts';
import type { ClusterTalk } from './clusterTalk.ts';
import type { PeerRelay } from './peers.ts';

/** No socket has this id: a relayed change goes to every local socket. */
const NO_SOCKET = '';

export class ClusterDeck extends LiveDeck {
  declare readonly talk: ClusterTalk;

  constructor(
    private readonly server: LecternServer,
    talk: ClusterTalk,
    options: LiveDeckOptions,
    private readonly relay: PeerRelay,
  ) {
    super(server, talk, options);
  }

  override broadcastSlide(seq: number, slide: SlidePosition, except: string): void {
    super.broadcastSlide(seq, slide, except);
    this.relay.slide(this.talk.deck, seq, slide);
  }

  override broadcastPoll(seq: number, pollId: string): void {
    super.broadcastPoll(seq, pollId);
    this.relay.poll(this.talk.deck, seq, pollId, this.talk.record(pollId));
  }

  /** Reads the shared counters (and the questions, when they moved) now; set once the node follows Redis. */
  refreshShared: (() => Promise<void>) | null = null;

  override async knowsQuestion(id: string): Promise<boolean> {
    // A read already under way may have started before the question was stored: up to two reads.
    for (let read = 0; read < 2 && this.talk.questions.get(id) === undefined && this.refreshShared; read += 1) {
      await this.refreshShared();
    }
    return this.talk.questions.get(id) !== undefined;
  }

  protected override sendReactions(burst: ReactionBurst): void {
    super.sendReactions(burst);
    this.relay.reactions(this.talk.deck, burst.counts);
  }

  override broadcastPointer(pointer: PointerPayload, except: string | null): void {
    super.broadcastPointer(pointer, except);
    this.relay.pointer(this.talk.deck, pointer);
  }

  override broadcastRoom(): void {
    super.broadcastRoom();
    this.relay.room(this.talk.deck, this.talk.reactionsOn);
  }

  /** Reactions another node counted: to this node's projector and speaker views. */
  followReactions(counts: number[]): void {
    super.sendReactions({ counts });
  }

  followPointer(pointer: PointerPayload): void {
    super.broadcastPointer(pointer, null);
  }

  followRoom(reactions: boolean): void {
    if (this.talk.reactionsOn === reactions) return;
    this.talk.reactionsOn = reactions;
    super.broadcastRoom();
  }

  /** A slide change made through another node. */
  followSlide(seq: number, slide: SlidePosition): void {
    if (this.talk.followSlide(seq, slide)) super.broadcastSlide(seq, slide, NO_SOCKET);
  }

  /** A poll change made through another node. */
  followPoll(seq: number, pollId: string, record: PollRecord): void {
    if (this.talk.followPoll(pollId, seq, record)) super.broadcastPoll(seq, pollId);
  }

  /**
   * A fresh snapshot to every socket of this deck on this node, and every phone on the wire: after this node caught up on changes
   * whose relay it never got, its phones missed the deltas too, and a snapshot is what corrects them.
   */
  resyncLocalSockets(): number {
    this.phoneViewChanged();
    const namespace = this.server.of('/');
    let sent = 0;
    for (const room of Object.values(this.rooms)) {
      for (const id of namespace.adapter.rooms.get(room) ?? []) {
        const socket = namespace.sockets.get(id);
        if (!socket) continue;
        socket.emit('snapshot', this.talk.snapshot(socket.data.role, socket.data.clientId));
        sent += 1;
      }
    }
    for (const phone of this.wirePhones) {
      sendSnapshot(phone, this);
      sent += 1;
    }
    return sent;
  }
}
