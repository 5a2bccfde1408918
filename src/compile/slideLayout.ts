/**
 * The frame every slide gets: its title on top, the rest in a body that the deck's CSS centres in
 * the space under the title, and a class naming the slide's shape so themes can lay out a cover,
 * a section opener, a closing slide or a one-block slide as such. Works on the rendered HTML of one
 * slide, so it needs no markdown-it state.
 */

/** Elements that never have a closing tag. */
const VOID = new Set(['area', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** How many elements sit at the top level of an HTML fragment (text between them is ignored). */
export function countTopLevelBlocks(html: string): number {
  let depth = 0;
  let count = 0;
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>|<!--[\s\S]*?-->/g)) {
    const [, closing, name, selfClosing] = match;
    if (!name) continue;
    if (closing) depth--;
    else {
      if (depth === 0) count++;
      if (!selfClosing && !VOID.has(name.toLowerCase())) depth++;
    }
  }
  return count;
}

export interface SlideParts {
  /** The slide's own `<h1>`/`<h2>` when the slide starts with one, else empty. */
  title: string;
  /** Everything the audience sees under the title. */
  body: string;
  /** Speaker notes, kept out of the layout. */
  notes: string;
}

const NOTES = /<aside class="notes"[^>]*>[\s\S]*?<\/aside>\n?/g;
const LEADING_TITLE = /^\s*<(h[12])(?:\s[^>]*)?>[\s\S]*?<\/\1>\n?/;

/** Splits a rendered slide into its title, its body and its notes. */
export function slideParts(html: string): SlideParts {
  const notes = html.match(NOTES)?.join('') ?? '';
  const rest = html.replace(NOTES, '');
  const title = LEADING_TITLE.exec(rest)?.[0] ?? '';
  return { title, body: rest.slice(title.length), notes };
}

/** The body's layout class: `one-block` slides are centred as a whole, the others stack their blocks. */
export function bodyLayout(body: string): 'one-block' | 'blocks' {
  return countTopLevelBlocks(body) <= 1 ? 'one-block' : 'blocks';
}
