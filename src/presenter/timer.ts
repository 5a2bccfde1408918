import { safeLocalStorage } from '../shared/storage.ts';

/** What the timer keeps in localStorage, so a reload of the speaker view mid-talk loses nothing. */
interface TimerRecord {
  /** When the current run started (epoch ms), or null while paused. */
  runningSince: number | null;
  /** Time counted by earlier runs. */
  accumulatedMs: number;
  /** Time spent per section number (`untimed` for the rest), for the pacing list. */
  spent: Record<string, number>;
}

const EMPTY: TimerRecord = { runningSince: null, accumulatedMs: 0, spent: {} };

/**
 * The talk's stopwatch: start, pause, reset, and how the time splits between sections. It counts
 * wall-clock time, so a laptop that throttles a background tab does not lose seconds.
 */
export class TalkTimer {
  private record: TimerRecord;
  private lastTick: number | null = null;

  constructor(
    private readonly storageKey: string,
    private readonly now: () => number = Date.now,
    private readonly storage: Storage | null = safeLocalStorage(),
  ) {
    this.record = this.load();
  }

  get running(): boolean {
    return this.record.runningSince !== null;
  }

  get started(): boolean {
    return this.running || this.record.accumulatedMs > 0;
  }

  elapsedMs(): number {
    const { runningSince, accumulatedMs } = this.record;
    return accumulatedMs + (runningSince === null ? 0 : Math.max(0, this.now() - runningSince));
  }

  /** Time spent in each section so far, the current run included. */
  spent(): Readonly<Record<string, number>> {
    return this.record.spent;
  }

  start(): void {
    if (this.running) return;
    this.record.runningSince = this.now();
    this.lastTick = this.now();
    this.save();
  }

  pause(): void {
    if (!this.running) return;
    this.record.accumulatedMs = this.elapsedMs();
    this.record.runningSince = null;
    this.lastTick = null;
    this.save();
  }

  toggle(): void {
    if (this.running) this.pause();
    else this.start();
  }

  reset(): void {
    this.record = structuredClone(EMPTY);
    this.lastTick = null;
    this.save();
  }

  /** Books the time since the last tick to the section being spoken in. Call it a few times a second. */
  tick(section: string): void {
    if (!this.running) return;
    const now = this.now();
    const since = this.lastTick ?? now;
    this.lastTick = now;
    this.record.spent[section] = (this.record.spent[section] ?? 0) + Math.max(0, now - since);
    this.save();
  }

  private load(): TimerRecord {
    try {
      const raw = this.storage?.getItem(this.storageKey);
      if (!raw) return structuredClone(EMPTY);
      const parsed = JSON.parse(raw) as Partial<TimerRecord>;
      return {
        runningSince: typeof parsed.runningSince === 'number' ? parsed.runningSince : null,
        accumulatedMs: typeof parsed.accumulatedMs === 'number' ? parsed.accumulatedMs : 0,
        spent: typeof parsed.spent === 'object' && parsed.spent ? parsed.spent : {},
      };
    } catch {
      return structuredClone(EMPTY);
    }
  }

  private save(): void {
    try {
      this.storage?.setItem(this.storageKey, JSON.stringify(this.record));
    } catch {
      // No storage: the timer lasts as long as the page.
    }
  }
}
