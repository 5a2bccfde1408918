/**
 * Headers on every page and API answer. Every lectern page is one bundled module script plus
 * stylesheets from this origin: no inline script, no eval, nothing from elsewhere (a meetup's wifi has
 * no internet anyway), so the policy can forbid all of that and a stray injection has nothing to run.
 */
import type http from 'node:http';

/**
 * - `script-src 'self'`: Vite's module scripts only; no inline script, no `eval` / `new Function`.
 *   Workers fall back to it: the phone wire's worker is a script file from this origin, not a blob.
 * - `style-src 'unsafe-inline'`: Mermaid's SVGs carry `<style>` elements and `style` attributes, and
 *   reveal.js writes layout into `style` attributes at run time. Styles cannot run code.
 * - `img-src data:`: the pages' empty favicon (`<link rel="icon" href="data:,">`).
 * - `connect-src 'self'`: socket.io to this origin (WebSocket included), the deck page the phone reads its slides from, the API.
 * - `frame-ancestors 'self'`: no other site may frame the deck or the speaker view.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  // The speaker URL's fragment never leaves the page anyway; no URL of a talk leaks to another site either.
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  // For browsers older than `frame-ancestors`.
  'X-Frame-Options': 'SAMEORIGIN',
  // The speaker view's projector window stays in the page's own group; another site's window gets no handle.
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

export function setSecurityHeaders(res: http.ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}
