import { TOKEN_FRAGMENT_KEY } from '../protocol.ts';

const storageKey = (deck: string) => `lectern:token:${deck}`;

/**
 * Takes the presenter token out of the address bar and keeps it for this tab.
 *
 * The speaker URL carries it as `#token=…` (a fragment never reaches a server log). It is removed from
 * the URL and the history entry at once, so it is not left on screen, in a screenshot or in the
 * projector's history; sessionStorage keeps it across reloads of this tab and in windows this tab
 * opens, and forgets it when the tab closes. Call it before reveal.js starts: reveal reads the hash
 * as a slide address.
 * @returns the token, or null when this tab has none.
 */
export function takePresenterToken(deck: string): string | null {
  const fromHash = readHashToken(location.hash);
  if (fromHash !== null) {
    try {
      sessionStorage.setItem(storageKey(deck), fromHash);
    } catch {
      // No storage: the token lasts as long as the page.
    }
    history.replaceState(history.state, '', location.pathname + location.search);
    return fromHash;
  }
  try {
    return sessionStorage.getItem(storageKey(deck));
  } catch {
    return null;
  }
}

/** Forgets a token the server refused, so a reload does not try it again. */
export function forgetPresenterToken(deck: string): void {
  try {
    sessionStorage.removeItem(storageKey(deck));
  } catch {
    // Nothing kept.
  }
}

/** `#token=abc` → `abc`; a reveal address such as `#/3/1` → null. */
export function readHashToken(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get(TOKEN_FRAGMENT_KEY);
  return token ? token : null;
}

/** The fragment that hands the token to another page of the same deck. */
export function tokenFragment(token: string): string {
  return `#${TOKEN_FRAGMENT_KEY}=${encodeURIComponent(token)}`;
}

/**
 * The address that opens another page of this deck (`path`, e.g. `../`) as presenter from this tab.
 * A window this tab opens starts with a copy of its sessionStorage, where the token already is, so the
 * address needs no token and the browser's history records none; only without storage does the
 * fragment carry it.
 */
export function presenterUrl(deck: string, path: string, token: string): string {
  try {
    if (sessionStorage.getItem(storageKey(deck)) === token) return path;
  } catch {
    // No storage: the fragment it is.
  }
  return `${path}${tokenFragment(token)}`;
}
