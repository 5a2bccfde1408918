/**
 * Backoff for presenter-token guesses, per network address. The default token is 128 random bits and
 * cannot be guessed at any rate, but a speaker may set a short one; unchecked, one WebSocket tried
 * 26,240 tokens a second and the results endpoint 10,549. After a few wrong tokens from an address,
 * its next attempt is refused unchecked until a wait has passed, the wait doubling with every further
 * wrong token. A right token clears the address's record.
 *
 * Loopback is counted like any address: the speaker mistyping a token a few times costs one second.
 */

export interface TokenGuardOptions {
  /** Wrong tokens an address may send before it has to wait. @defaultValue 5 */
  freeTries?: number;
  /** The first wait; it doubles with each further wrong token. @defaultValue 1000 */
  firstWaitMs?: number;
  /** The longest wait. @defaultValue 60000 */
  maxWaitMs?: number;
}

export type TokenCheck = { ok: true } | { ok: false; retryAfterMs: number };

export interface TokenGuard {
  /** Whether a token from this address may be checked now. */
  mayTry(address: string, now?: number): TokenCheck;
  /** The address sent a wrong token. */
  failed(address: string, now?: number): void;
  /** The address sent the right token. */
  succeeded(address: string): void;
  readonly size: number;
}

interface Record_ {
  wrong: number;
  /** No token from this address is checked before this time (ms). */
  until: number;
}

export function createTokenGuard(options: TokenGuardOptions = {}): TokenGuard {
  const freeTries = options.freeTries ?? 5;
  const firstWaitMs = options.firstWaitMs ?? 1000;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const records = new Map<string, Record_>();
  let calls = 0;

  /** A record whose wait is long over holds nothing worth keeping: forget it (amortised sweep). */
  const sweep = (now: number) => {
    for (const [address, record] of records) if (now - record.until > maxWaitMs) records.delete(address);
  };

  return {
    mayTry(address, now = Date.now()) {
      if (++calls % 1024 === 0) sweep(now);
      const record = records.get(address);
      if (!record || now >= record.until) return { ok: true };
      return { ok: false, retryAfterMs: record.until - now };
    },
    failed(address, now = Date.now()) {
      const record = records.get(address) ?? { wrong: 0, until: 0 };
      record.wrong += 1;
      const over = record.wrong - freeTries;
      if (over >= 0) record.until = now + Math.min(maxWaitMs, firstWaitMs * 2 ** Math.min(over, 30));
      records.set(address, record);
    },
    succeeded(address) {
      records.delete(address);
    },
    get size() {
      return records.size;
    },
  };
}
