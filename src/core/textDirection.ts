/**
 * Which blocks of a slide take their direction from their own text, for the phone script
 * (src/shared/bidi.ts) and the live card the server draws (server/http/isolateTextHtml.ts) alike, so
 * a right-to-left slide aligns the same before and after the script adopts it.
 */

/** Blocks of text a deck may write in any script. */
export const TEXT_BLOCKS = ['h1', 'h2', 'h3', 'h4', 'p', 'li', 'dt', 'dd', 'blockquote', 'figcaption', 'th', 'td'];

/** Code and diagrams keep their own direction, and so does whatever is inside an element with a `dir`. */
export const OWN_DIRECTION = ['pre', 'svg'];
