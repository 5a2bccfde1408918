/**
 * What a question's text is, the same on the phone (the counter under the box) and on the server
 * (the check that counts): trimmed, whitespace collapsed, bidi controls and invisible spaces removed,
 * and its length counted in graphemes, the characters a person sees (an emoji with its skin tone or
 * a family joined by zero-width joiners is one; so is a letter with its combining accents).
 */

/**
 * Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the marks (U+200E,
 * U+200F, U+061C): they reorder what is around them and draw nothing. Removed, so a question cannot
 * show its words backwards or pull the page's own labels into its direction.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
/**
 * Invisible characters that are never part of a word: zero-width space, word joiner, BOM, soft hyphen,
 * and the C0/C1 controls (line breaks and tabs are spaces by then). ZWJ and ZWNJ stay: emoji
 * sequences and Persian spelling need them.
 */
const INVISIBLE = /[\u200B\u2060\uFEFF\u00AD]|\p{Cc}/gu;
/** Whitespace of any script, line breaks included: a question is one paragraph. */
const SPACES = /[\s\u180E\u3164\u115F\u1160\uFFA0]+/gu;

/** The text as stored and shown. */
export function cleanQuestionText(text: string): string {
  return text
    .normalize('NFC')
    .replace(SPACES, ' ')
    .replace(BIDI_CONTROLS, '')
    .replace(INVISIBLE, '')
    .replace(SPACES, ' ')
    .trim();
}

let segmenter: Intl.Segmenter | null = null;

/** Characters as a person counts them (extended grapheme clusters). */
export function graphemeCount(text: string): number {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let count = 0;
  for (const _ of segmenter.segment(text)) count += 1;
  return count;
}

/**
 * The key two questions merge on: case, accents' composition, punctuation, symbols and spacing
 * ignored ("What is etcd?" and "what is ETCD" are one question). A question made only of symbols
 * (emoji) keys on its cleaned text.
 */
export function questionKey(cleaned: string): string {
  const folded = cleaned.normalize('NFKC').toLowerCase();
  const words = folded
    .replace(/[\p{P}\p{S}\u200C\u200D]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  return words || folded;
}
