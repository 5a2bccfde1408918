/**
 * Who may connect, and as what. The presenter and the projector prove the token; the audience is anonymous.
 */
import crypto from 'node:crypto';
import { type ConnectError, type HandshakeAuth, needsToken } from '../../src/protocol.ts';
import { handshakeSchema } from '../live/schemas.ts';

/** Compares in time independent of where the strings differ (hashing first evens out the lengths too). */
export function tokensMatch(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b) && given.length === expected.length;
}

/** A fresh presenter token: 128 bits, URL-safe. */
export function newPresenterToken(): string {
  return crypto.randomBytes(16).toString('base64url');
}

/** The token from an `Authorization: Bearer …` header, if any. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** Shortest presenter token a speaker may choose: 16 characters (4 digits fell to guessing in under a second). */
export const MIN_CUSTOM_TOKEN_LENGTH = 16;

/**
 * Start-up check of a token the speaker chose (`LECTERN_PRESENTER_TOKEN`): throws with what to do
 * when it is too short to withstand guessing. The generated default is always long enough.
 */
export function checkCustomPresenterToken(token: string, setting = 'LECTERN_PRESENTER_TOKEN'): void {
  if (token.length >= MIN_CUSTOM_TOKEN_LENGTH) return;
  throw new Error(
    `${setting} is ${token.length} characters; it must be at least ${MIN_CUSTOM_TOKEN_LENGTH} (anyone on the wifi could guess a short one). ` +
      `Unset it for a random token each start, or choose a longer one, e.g. ${newPresenterToken()}`,
  );
}

export type HandshakeVerdict = { ok: true; auth: HandshakeAuth } | { ok: false; error: ConnectError };

export function checkHandshake(
  raw: unknown,
  isDeck: (deck: string) => boolean,
  presenterToken: string,
): HandshakeVerdict {
  const parsed = handshakeSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: 'bad-auth' };
  const auth = parsed.data;
  if (!isDeck(auth.deck)) return { ok: false, error: 'unknown-deck' };
  if (needsToken(auth.role) && !tokensMatch(auth.token ?? '', presenterToken)) {
    return { ok: false, error: 'bad-token' };
  }
  return { ok: true, auth };
}
