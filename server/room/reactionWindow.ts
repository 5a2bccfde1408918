/**
 * Reactions counted per window: taps add up here and leave as one small message per window, so a room
 * of 2,000 phones tapping twice a second costs the projector four messages a second, not 4,000.
 */
import { REACTIONS, type ReactionBurst } from '../../src/protocol.ts';

export class ReactionWindow {
  private counts = new Array<number>(REACTIONS.length).fill(0);
  private any = false;

  /** One tap of reaction `index` (already checked to be in range). */
  add(index: number, times = 1): void {
    this.counts[index] = (this.counts[index] ?? 0) + times;
    this.any = true;
  }

  /** The window's counts, or null when nobody reacted; starts the next window. */
  take(): ReactionBurst | null {
    if (!this.any) return null;
    const burst = { counts: this.counts };
    this.counts = new Array<number>(REACTIONS.length).fill(0);
    this.any = false;
    return burst;
  }
}
