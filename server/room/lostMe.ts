/**
 * "Lost me" per slide: who said it where, and how many per slide. No I/O; the store keeps the same
 * and answers whether a change changed anything, and the counts move only then.
 */
import type { LostCount } from '../../src/protocol.ts';

const keyOf = (h: number, v: number) => `${h}.${v}`;

export class LostMe {
  /** `h.v` → client ids. */
  private readonly who = new Map<string, Set<string>>();
  /** Client id → `h.v` where it said it: the same pairs as `who`, read the other way. */
  private readonly where = new Map<string, Set<string>>();
  /** Counts read from a shared store (a cluster); null: count `who`. */
  private shared: LostCount[] | null = null;
  private changeCount = 0;

  /** Changes folded in, ever (see `Talk.changes`). */
  get changes(): number {
    return this.changeCount;
  }

  has(h: number, v: number, clientId: string): boolean {
    return this.who.get(keyOf(h, v))?.has(clientId) ?? false;
  }

  /** Folds in one client's change on one slide. */
  apply(h: number, v: number, clientId: string, lost: boolean): void {
    this.changeCount += 1;
    const key = keyOf(h, v);
    const set = this.who.get(key);
    const mine = this.where.get(clientId);
    if (!lost) {
      set?.delete(clientId);
      mine?.delete(key);
      if (mine?.size === 0) this.where.delete(clientId);
      return;
    }
    if (set) set.add(clientId);
    else this.who.set(key, new Set([clientId]));
    if (mine) mine.add(key);
    else this.where.set(clientId, new Set([key]));
  }

  /** Exactly these slides for one client (what a shared store says it has). */
  setSlidesOf(clientId: string, slides: readonly { h: number; v: number }[]): void {
    this.changeCount += 1;
    for (const key of this.where.get(clientId) ?? []) this.who.get(key)?.delete(clientId);
    this.where.delete(clientId);
    for (const { h, v } of slides) this.apply(h, v, clientId, true);
  }

  /** Counts from every node of a cluster. */
  useShared(counts: LostCount[]): void {
    this.changeCount += 1;
    this.shared = counts;
  }

  count(h: number, v: number): number {
    if (this.shared) return this.shared.find((c) => c.h === h && c.v === v)?.count ?? 0;
    return this.who.get(keyOf(h, v))?.size ?? 0;
  }

  /** Slides with at least one "lost me", in slide order. */
  counts(): LostCount[] {
    const counts =
      this.shared ??
      [...this.who].map(([key, set]) => {
        const [h = 0, v = 0] = key.split('.').map(Number);
        return { h, v, count: set.size };
      });
    return counts.filter((c) => c.count > 0).sort((a, b) => a.h - b.h || a.v - b.v);
  }

  /** Whether this client said it anywhere; O(1). */
  hasAny(clientId: string): boolean {
    return this.where.has(clientId);
  }

  /** The slides where this client said it. */
  slidesOf(clientId: string): { h: number; v: number }[] {
    const slides = [...(this.where.get(clientId) ?? [])].map((key) => {
      const [h = 0, v = 0] = key.split('.').map(Number);
      return { h, v };
    });
    return slides.sort((a, b) => a.h - b.h || a.v - b.v);
  }
}
