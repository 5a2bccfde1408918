/**
 * Failed events (the store refusing: a full disk, Redis gone, a file locked elsewhere) reported as a
 * few lines, not one per event. One line per event wrote 29,484 lines in 20 s on a full disk and the
 * presenter URL and QR code scrolled out of the terminal. The first failure is reported at once, then
 * a count every few seconds while failures go on, and one line when an event succeeds again.
 */
import type { Logger } from '../log.ts';

export interface FailureSummary {
  /** An event failed with `error` (its message is reported, never its payload). */
  failed(event: string, error: unknown): void;
  /** An event that writes went through: if failures were being reported, say they stopped. */
  succeeded(): void;
  /** Failures since start, for tests. */
  readonly total: number;
  /** False from the first failure until a write goes through again. */
  readonly working: boolean;
  /** Hears `false` when failures start and `true` when an event succeeds again. */
  onChange(listener: (working: boolean) => void): void;
  close(): void;
}

/** @param intervalMs how often, at most, a summary line is written while failures go on. */
export function createFailureSummary(log: Logger, intervalMs = 5000): FailureSummary {
  let total = 0;
  /** Since the last line: failures per event, and the last reason. */
  let pending = new Map<string, number>();
  let lastReason = '';
  /** Failures since the store last worked; null while all is well. */
  let outage: { since: number; count: number } | null = null;
  let timer: NodeJS.Timeout | null = null;
  const listeners: ((working: boolean) => void)[] = [];

  const report = (): void => {
    timer = null;
    if (pending.size === 0) return;
    const parts = [...pending].map(([event, n]) => `${event} ×${n}`).join(', ');
    log.warn(`still failing: ${parts} in the last ${Math.round(intervalMs / 1000)} s (${lastReason})`);
    pending = new Map();
    timer = setTimeout(report, intervalMs).unref();
  };

  return {
    get working() {
      return outage === null;
    },
    failed(event, error) {
      total += 1;
      lastReason = error instanceof Error ? error.message : String(error);
      if (!outage) {
        outage = { since: Date.now(), count: 1 };
        log.warn(
          `${event} failed: ${lastReason}; events are refused until it works again (one summary line every ${Math.round(intervalMs / 1000)} s)`,
        );
        timer ??= setTimeout(report, intervalMs).unref();
        for (const listener of listeners) listener(false);
        return;
      }
      outage.count += 1;
      pending.set(event, (pending.get(event) ?? 0) + 1);
    },
    succeeded() {
      if (!outage) return;
      if (timer) clearTimeout(timer);
      timer = null;
      const seconds = ((Date.now() - outage.since) / 1000).toFixed(1);
      log.info(`working again: ${outage.count} events failed over ${seconds} s`);
      outage = null;
      pending = new Map();
      for (const listener of listeners) listener(true);
    },
    onChange(listener) {
      listeners.push(listener);
    },
    get total() {
      return total;
    },
    close() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
