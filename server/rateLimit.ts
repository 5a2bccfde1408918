/**
 * A token bucket per socket, kept as two numbers on the socket so 10,000 phones cost nothing extra.
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
