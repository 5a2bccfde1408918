import type { SlidePosition } from '../protocol.ts';
import type { LiveConnection } from './liveConnection.ts';
import { samePosition } from './steps.ts';
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
 */
export class SlideDriver {
  private inFlight = 0;
  private shown: SlidePosition | null = null;
  /** A move the server has not heard about. */
  private unsent: SlidePosition | null = null;
  private beenLive = false;
  private readonly unsubscribe: () => void;

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
    if (samePosition(position, this.state.slide) && this.inFlight === 0) return;
    void this.send(position);
  }

  private async send(position: SlidePosition): Promise<void> {
    this.inFlight += 1;
    const reply = await this.connection.request('slide:set', position);
    this.inFlight -= 1;
    if (reply.ok) this.state.applySlide({ seq: reply.seq, ...position });
    else if (reply.error === 'timeout') {
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
