/**
 * Which requests come from a page lectern serves, before anything else is looked at.
 *
 * DNS rebinding: a page on `evil.example` whose name is re-pointed at the speaker's laptop becomes
 * "same origin" with it: its requests carry `Host: evil.example` and a matching `Origin`, so comparing
 * the two proves nothing. The `Host` must therefore be one this server answers to: an IP address (a
 * rebinding page needs a name; an address literal is never rebound), `localhost`, the machine's own
 * name, or a name the speaker configured (`--public-url`, `--allow-origin`). Vite's dev server uses the
 * same rule.
 *
 * Cross-site pages: a browser names the page's origin in `Origin` on WebSocket upgrades and on every
 * CORS request; it must be this server (same scheme, same host) or one on the allow-list. A `no-cors`
 * `fetch` from another site carries no `Origin` for a GET, but modern browsers mark it
 * `Sec-Fetch-Site: cross-site`, which is refused too. A request with neither header is not a browser
 * on another site (a script, curl, a test client): the per-address caps deal with those.
 */
import type http from 'node:http';
import net from 'node:net';
import os from 'node:os';

export type AccessVerdict = 'ok' | 'bad-host' | 'bad-origin';

export interface AccessPolicyOptions {
  /** Origins pages may connect from besides the server's own (`--allow-origin`, `--public-url`). */
  allowedOrigins: readonly string[];
  /** Behind a reverse proxy: believe its `X-Forwarded-Proto` for the scheme of the page. @defaultValue false */
  trustProxy?: boolean;
  /** The machine's own names. @defaultValue `os.hostname()` and `<hostname>.local` */
  ownNames?: readonly string[];
}

export interface AccessPolicy {
  /** Whether the `Host` header names this server (see the file comment). */
  hostAllowed(host: string | undefined): boolean;
  /** Host check, then the `Origin` / `Sec-Fetch-Site` check: for socket.io handshakes. */
  checkHandshake(req: http.IncomingMessage): AccessVerdict;
}

/** `Host` header → lower-case name without port or IPv6 brackets; null when it is not a host. */
export function hostnameOf(host: string): string | null {
  const trimmed = host.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.%]+)\](?::\d{1,5})?$/.exec(trimmed);
  if (bracketed) return bracketed[1]!;
  const plain = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(trimmed);
  return plain ? plain[1]!.replace(/\.$/, '') : null;
}

export function createAccessPolicy(options: AccessPolicyOptions): AccessPolicy {
  const machine = os.hostname().toLowerCase();
  const names = new Set<string>(options.ownNames?.map((n) => n.toLowerCase()) ?? [machine, `${machine}.local`]);
  names.add('localhost');
  for (const origin of options.allowedOrigins) {
    if (URL.canParse(origin)) names.add(new URL(origin).hostname.replace(/^\[|\]$/g, '').toLowerCase());
  }
  const allowedOrigins = new Set(options.allowedOrigins.map((o) => (URL.canParse(o) ? new URL(o).origin : o)));

  const hostIsOurs = (host: string): boolean => {
    const name = hostnameOf(host);
    if (name === null) return false;
    return net.isIP(name) !== 0 || names.has(name) || name.endsWith('.localhost');
  };
  // A room's phones all send the same `Host` and `Origin`: the last answer of each check is kept, so a
  // crowd joining costs a string comparison per phone rather than a parse. Both checks depend on
  // nothing but their arguments.
  let lastHost: { host: string; ok: boolean } | null = null;
  const hostAllowed = (host: string | undefined): boolean => {
    // HTTP/1.0 without Host: not a browser, nothing to rebind.
    if (host === undefined) return true;
    if (lastHost?.host !== host) lastHost = { host, ok: hostIsOurs(host) };
    return lastHost.ok;
  };
  let lastOrigin: { origin: string; host: string; scheme: string; ok: boolean } | null = null;
  /** Whether the page's origin is this server itself: the same scheme and the same host. */
  const sameOrigin = (origin: string, host: string, scheme: string): boolean => {
    const last = lastOrigin;
    if (last?.origin === origin && last.host === host && last.scheme === scheme) return last.ok;
    const url = URL.canParse(origin) ? new URL(origin) : null;
    const ok = url !== null && url.protocol === scheme && url.host === host.trim().toLowerCase();
    lastOrigin = { origin, host, scheme, ok };
    return ok;
  };

  /** The scheme the page that sent this request was loaded over. */
  const schemeOf = (req: http.IncomingMessage): 'http:' | 'https:' => {
    if ((req.socket as { encrypted?: boolean }).encrypted) return 'https:';
    if (options.trustProxy) {
      const forwarded = String(req.headers['x-forwarded-proto'] ?? '')
        .split(',')
        .at(-1)
        ?.trim()
        .toLowerCase();
      if (forwarded === 'https') return 'https:';
    }
    return 'http:';
  };

  return {
    hostAllowed,
    checkHandshake(req) {
      const { host, origin } = req.headers;
      if (!hostAllowed(host)) return 'bad-host';
      if (origin === undefined) {
        const site = req.headers['sec-fetch-site'];
        return site === 'cross-site' || site === 'same-site' ? 'bad-origin' : 'ok';
      }
      if (allowedOrigins.has(origin)) return 'ok';
      if (host === undefined) return 'bad-origin';
      return sameOrigin(origin, host, schemeOf(req)) ? 'ok' : 'bad-origin';
    },
  };
}
