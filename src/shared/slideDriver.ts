import { type SlidePosition, samePosition } from '../protocol.ts';
import type { LiveConnection } from './liveConnection.ts';
import type { TalkState } from './talkState.ts';

/**
 * The presenter's side of the slide: a page that moves the talk (projected deck, speaker view).
 *
 * The server is the one writer: a page sends `slide:set` and shows what the server says. The server
 * does not echo a move to the socket that made it, so the ack's `seq` is folded in here instead. While
 * this page's own moves are in flight, moves from elsewhere (the other presenter window) are
 * recorded but not shown; once the last ack is in, the page shows whatever the server holds. A key
 * held down therefore never makes the page jump back to an older slide, and two windows cannot
 * ping-pong.
 *
 * Moves made while the connection is down are kept: on the next snapshot the presenter's own
 * position wins (the room should see where the speaker is), except on the very first snapshot,
 * which a page opened mid-talk simply follows.
 *
 * A move the server could not store (`internal`: a full disk, Redis gone, the data file locked) is
 * kept too: the page stays where the speaker put it, says the room is not following (`onFollowing`),
 * and sends its position again every few seconds until the server takes it.
 */
/** How long a page waits before offering a move the server could not store again. */
const RETRY_REFUSED_MOVE_MS = 2000;

export class SlideDriver {
  private inFlight = 0;
  private shown: SlidePosition | null = null;
  /** A move the server has not heard about. */
  private unsent: SlidePosition | null = null;
  private beenLive = false;
  private readonly unsubscribe: () => void;
  /** False while the server refuses to store this page's moves. */
  private following = true;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly followingListeners = new Set<(following: boolean) => void>();

  constructor(
    private readonly connection: LiveConnection,
    private readonly state: TalkState,
    /** Puts the page on a position the server decided. */
    private readonly show: (position: SlidePosition) => void,
  ) {
    this.unsubscribe = state.subscribe((change) => {
      if (change === 'snapshot') this.onSnapshot();
      else if (change === 'slide') this.converge();
    });
    if (state.ready) this.onSnapshot();
  }

  /** Stops following the state (the page no longer drives, e.g. its token was refused). */
  stop(): void {
    this.unsubscribe();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.setFollowing(true);
  }

  /** Whether the room follows this page's moves; `listener` hears every change. Returns an unsubscribe. */
  onFollowing(listener: (following: boolean) => void): () => void {
    this.followingListeners.add(listener);
    return () => this.followingListeners.delete(listener);
  }

  private setFollowing(following: boolean): void {
    if (following === this.following) return;
    this.following = following;
    for (const listener of this.followingListeners) listener(following);
  }

  /** The server refused to store the move: keep it, and offer it again after a pause. */
  private retryLater(): void {
    this.unsent = this.shown && { ...this.shown };
    this.setFollowing(false);
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      const unsent = this.unsent;
      if (!unsent || this.connection.status.state !== 'live') return;
      this.unsent = null;
      void this.send(unsent);
    }, RETRY_REFUSED_MOVE_MS);
  }

  /** Where this page is, as far as it knows. */
  get position(): SlidePosition | null {
    return this.shown ?? this.state.slide;
  }

  /** The page moved by itself (keys, clicker, touch, buttons). */
  moved(position: SlidePosition): void {
    if (samePosition(position, this.shown)) return;
    this.shown = { ...position };
    if (!this.beenLive) return;
    if (this.connection.status.state !== 'live') {
      this.unsent = { ...position };
      return;
    }
    // This move replaces any the server refused earlier.
    this.unsent = null;
    if (samePosition(position, this.state.slide) && this.inFlight === 0) {
      // Back where the room is: it follows again, nothing to send.
      this.setFollowing(true);
      return;
    }
    void this.send(position);
  }

  private async send(position: SlidePosition): Promise<void> {
    this.inFlight += 1;
    const reply = await this.connection.request('slide:set', position);
    this.inFlight -= 1;
    if (reply.ok) {
      this.setFollowing(true);
      this.state.applySlide({ seq: reply.seq, ...position });
    } else if (reply.error === 'internal') {
      // Only the latest position matters: a newer move in flight supersedes this one.
      if (this.inFlight === 0) this.retryLater();
    } else if (reply.error === 'timeout') {
      // Probably a dead socket: keep the move and let a fresh snapshot decide.
      this.unsent = this.shown && { ...this.shown };
      this.connection.resync();
    }
    this.converge();
  }

  private onSnapshot(): void {
    const first = !this.beenLive;
    this.beenLive = true;
    const unsent = this.unsent;
    this.unsent = null;
    if (!first && unsent && !samePosition(unsent, this.state.slide)) {
      void this.send(unsent);
      return;
    }
    this.converge();
  }

  /** With nothing of ours in flight, show what the server holds. */
  private converge(): void {
    if (this.inFlight > 0 || this.unsent) return;
    const target = this.state.slide;
    if (!target || samePosition(target, this.shown)) return;
    this.shown = target;
    this.show(target);
  }
}
