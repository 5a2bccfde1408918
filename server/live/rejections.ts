/**
 * Counts refused inputs per error code and reports them in one summary line at most every few seconds,
 * so a flood shows up in the log without the log itself becoming the flood. Lines carry codes and
 * counts only, never payloads or tokens.
 */
import type { ErrorCode } from '../../src/protocol.ts';
import type { Logger } from '../log.ts';

/**
 * Refusals that are not an ack: a refused handshake, a socket closed for flooding, for a message over
 * the size limit, or for a packet socket.io cannot decode.
 */
export type RejectionKind =
  | ErrorCode
  | 'connect-refused'
  | 'flood-disconnect'
  | 'too-large'
  | 'malformed-packet'
  /** A request or handshake naming a host this server does not answer to (DNS rebinding). */
  | 'bad-host'
  /** A handshake from a page of another origin. */
  | 'bad-origin'
  /** A handshake over an address's cap of unjoined (or all) sessions. */
  | 'too-many-sessions'
  /** A session closed for not joining a deck in time. */
  | 'unjoined-closed'
  /** A wrong presenter token (WebSocket handshake or results download). */
  | 'bad-token'
  /** A presenter token refused unchecked: its address guessed wrong too often. */
  | 'slow-down';

export interface Rejections {
  count(kind: RejectionKind): void;
  /** Totals since start, for tests and the summary line. */
  totals(): Readonly<Partial<Record<RejectionKind, number>>>;
  close(): void;
}

/** @param intervalMs how often, at most, a summary line is written. */
export function createRejections(log: Logger, intervalMs = 5000): Rejections {
  const totals: Partial<Record<RejectionKind, number>> = {};
  let sinceReport = 0;
  let timer: NodeJS.Timeout | null = null;

  const report = (): void => {
    timer = null;
    if (sinceReport === 0) return;
    const parts = Object.entries(totals).map(([kind, n]) => `${kind}=${n}`);
    log.warn(`refused inputs (+${sinceReport}): ${parts.join(' ')}`);
    sinceReport = 0;
  };

  return {
    count(kind) {
      totals[kind] = (totals[kind] ?? 0) + 1;
      sinceReport += 1;
      if (!timer) timer = setTimeout(report, intervalMs).unref();
    },
    totals: () => ({ ...totals }),
    close() {
      if (timer) clearTimeout(timer);
      report();
    },
  };
}
