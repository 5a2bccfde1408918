/**
 * Which blocks of a slide take their direction from their own text, for the phone script
 * (src/shared/bidi.ts) and raw HTML in the build and the live card the server draws
 * (src/core/isolateTextHtml.ts) alike, so a right-to-left slide aligns the same on every screen and
 * before and after the phone script adopts the card.
 */

/** Blocks of text a deck may write in any script. */
export const TEXT_BLOCKS = ['h1', 'h2', 'h3', 'h4', 'p', 'li', 'dt', 'dd', 'blockquote', 'figcaption', 'th', 'td'];

/** Code and diagrams keep their own direction, and so does whatever is inside an element with a `dir`. */
export const OWN_DIRECTION = ['pre', 'svg'];

const FIRST_STRONG = /[\p{L}]/u;
const RIGHT_TO_LEFT =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}]/u;

/** The direction a letter reads in. */
export function letterDirection(letter: string): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.test(letter) ? 'rtl' : 'ltr';
}

/** The first letter of a piece of text (what `dir="auto"` decides by), or null when it has none. */
export function firstLetter(text: string): string | null {
  return FIRST_STRONG.exec(text)?.[0] ?? null;
}

/**
 * The direction a piece of text reads in, by its first letter, as `dir="auto"` decides it. For a
 * row that mixes the page's own words (a choice's letter, "Why:") with the deck's text, so the
 * whole row can follow the text; and for a table, whose columns run in its text's direction.
 */
export function textDirection(text: string): 'ltr' | 'rtl' {
  const first = firstLetter(text);
  return first ? letterDirection(first) : 'ltr';
}
