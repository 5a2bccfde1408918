/**
 * Who may connect, and as what. The presenter proves the token; the audience is anonymous.
 */
import crypto from 'node:crypto';
import type { ConnectError, HandshakeAuth } from '../src/protocol.ts';
import { handshakeSchema } from './schemas.ts';

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

/**
 * A browser always sends `Origin` on a WebSocket upgrade and on cross-site requests; another site's
 * page must not drive or flood the talk. Same origin (the request's own `Host`) is allowed, plus the
 * allow-list. No `Origin` at all is not a browser on another site, so it passes.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowList: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowList.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
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
  if (auth.role === 'presenter' && !tokensMatch(auth.token ?? '', presenterToken)) {
    return { ok: false, error: 'bad-token' };
  }
  return { ok: true, auth };
}
