/**
 * A token bucket per client id (per socket for the presenter's), a few numbers each so 10,000 phones
 * cost nothing extra.
 */

export interface BucketState {
  tokens: number;
  /** ms timestamp of the last refill. */
  at: number;
  /** Refusals in a row; a socket that keeps going after being told to slow down is closed. */
  refusedInARow: number;
}

export interface RateLimit {
  /** Events allowed in a burst. */
  burst: number;
  /** Sustained events per second. */
  perSecond: number;
  /** Refusals in a row after which the socket is closed. */
  closeAfter: number;
}

/** A phone votes, changes its mind, rates: a handful of events a minute. */
export const AUDIENCE_LIMIT: RateLimit = { burst: 10, perSecond: 5, closeAfter: 50 };
/** The presenter can hold down an arrow key through fragments. */
export const PRESENTER_LIMIT: RateLimit = { burst: 40, perSecond: 20, closeAfter: 200 };

/** Reactions: a few taps in a burst, then four a second; a script tapping on and on is closed. */
export const REACTION_LIMIT: RateLimit = { burst: 8, perSecond: 4, closeAfter: 200 };
/** The speaker's pointer: 30 positions a second, with room for a burst after a pause. */
export const POINTER_LIMIT: RateLimit = { burst: 60, perSecond: 40, closeAfter: 600 };
/**
 * Questions per client id: three at once, then one every 20 s. Refused ones only slow the asker down
 * (the socket is never closed for asking: `closeAfter` is never reached).
 */
export const QUESTION_LIMIT: RateLimit = { burst: 3, perSecond: 1 / 20, closeAfter: Number.POSITIVE_INFINITY };

export function fullBucket(limit: RateLimit, now: number): BucketState {
  return { tokens: limit.burst, at: now, refusedInARow: 0 };
}

export type Verdict = 'allow' | 'refuse' | 'close';

/** Takes one token if there is one. Mutates `state`. */
export function take(state: BucketState, limit: RateLimit, now: number): Verdict {
  const elapsed = Math.max(0, now - state.at);
  state.tokens = Math.min(limit.burst, state.tokens + (elapsed * limit.perSecond) / 1000);
  state.at = now;
  if (state.tokens >= 1) {
    state.tokens -= 1;
    state.refusedInARow = 0;
    return 'allow';
  }
  state.refusedInARow += 1;
  return state.refusedInARow >= limit.closeAfter ? 'close' : 'refuse';
}

/**
 * Buckets by client id, so a reconnect continues the bucket it left instead of starting full: a socket
 * closed for flooding would otherwise come back at once with a fresh burst, every time (measured: a
 * phone reconnecting in a loop got 16% of a 1,000 votes/s flood through, 130 stored votes a second).
 * Two tabs of one phone share their bucket. A bucket idle long enough to be full again holds nothing
 * worth keeping and is forgotten, so the registry holds only the last few seconds' ids.
 */
export interface BucketRegistry {
  /** The bucket for `key` (e.g. deck and client id): the one it left, or a full one. */
  bucketFor(key: string, now: number): BucketState;
  readonly size: number;
}

export function createBucketRegistry(limit: RateLimit): BucketRegistry {
  const buckets = new Map<string, BucketState>();
  /** Time for an empty bucket to fill up. */
  const refillMs = (limit.burst / limit.perSecond) * 1000;
  let lookups = 0;
  const sweep = (now: number) => {
    for (const [key, bucket] of buckets) if (now - bucket.at > refillMs) buckets.delete(key);
  };
  return {
    bucketFor(key, now) {
      // Amortised: one pass over the map every 1,024 connections.
      if (++lookups % 1024 === 0) sweep(now);
      let bucket = buckets.get(key);
      if (!bucket || now - bucket.at > refillMs) {
        bucket = fullBucket(limit, now);
        buckets.set(key, bucket);
      }
      return bucket;
    },
    get size() {
      return buckets.size;
    },
  };
}
