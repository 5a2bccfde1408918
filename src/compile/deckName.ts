/**
 * The one rule for a deck's name, which is its folder under `slides/` and its URL path: `lectern new`,
 * the build and the server all check it (create-lectern/createTalk.js, which must run with no
 * dependencies, keeps a copy that a test holds equal to this one).
 */

/** Lowercase ASCII letters, digits and dashes, up to 64: typed from a phone, never escaped in a URL. */
export const DECK_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Names lectern's own pages use at the top of the server. */
export const RESERVED_DECK_NAMES: ReadonlySet<string> = new Set(['join', 'assets', 'api', 'socket.io']);

/** `My Talk!` → `my-talk`: the nearest name that follows the rule. */
export function deckNameFrom(text: string): string {
  const name = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return name && !RESERVED_DECK_NAMES.has(name) ? name : 'my-talk';
}

/** Why `name` cannot name a deck (the reason, and a hint naming a folder that would do), or null when it can. */
export function deckNameProblem(name: string): { reason: string; hint: string } | null {
  if (RESERVED_DECK_NAMES.has(name))
    return {
      reason: `"${name}" is a page of lectern's own, not a deck name`,
      hint: `rename the folder, e.g. to ${name}-talk`,
    };
  if (!DECK_NAME.test(name))
    return {
      reason: `"${name}" cannot be a deck name: a deck's folder is its URL, so lowercase letters a–z, digits and dashes only (up to 64)`,
      hint: `rename the folder to ${deckNameFrom(name)}`,
    };
  return null;
}
