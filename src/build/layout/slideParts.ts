/**
 * A built deck page cut into what the layout of each slide depends on, so the layout check can lay out
 * again only the slides that changed: the page around the slides (its stylesheets and scripts, named by
 * a hash of their content, the theme, the language), and each slide's own markup.
 *
 * A slide's markup is taken as the room sees it: speaker notes are left out (the deck never shows
 * them), and so are its place in the deck (`data-slide`) and its lines' distance from the top of the
 * file (`data-source-line`, kept relative to the slide's first line), so an edit above a slide does not
 * make it look changed. Its warnings are kept with lines relative to that first line, and placed again.
 */
import { Parser } from 'htmlparser2';

export interface SlidePart {
  /** The slide's markup as its layout depends on it (see above). */
  markup: string;
  /** The deck-file line its relative lines count from: its first `data-source-line`, or 0. */
  base: number;
  /** reveal's address of the slide, `h.v`, from `data-slide`; empty when the page has none. */
  address: string;
}

export interface DeckPageParts {
  /** Everything outside the slides: what every slide's layout depends on. */
  page: string;
  /** Each slide reveal walks (a `<section>` holding no other), in page order: reveal's `getSlides()`. */
  slides: SlidePart[];
}

const NOTES = /<aside class="notes">[\s\S]*?<\/aside>/g;
const SOURCE_LINE = /data-source-line="(\d+)"/g;

function slidePart(html: string, opening: string): SlidePart {
  const address = /^<section[^>]*\sdata-slide="([^"]*)"/.exec(html)?.[1] ?? '';
  const withoutNotes = html.replace(NOTES, '');
  const first = /data-source-line="(\d+)"/.exec(withoutNotes);
  const base = first ? Number(first[1]) : 0;
  const markup = withoutNotes
    .replace(/^(<section[^>]*?)\sdata-slide="[^"]*"/, '$1')
    .replace(SOURCE_LINE, (_, line: string) => `data-source-line="+${Number(line) - base}"`);
  // A slide in a vertical stack is laid out inside its stack's section: that opening tag is part of it.
  return { markup: `${opening}${markup}`, base, address };
}

/** Cuts a built deck page (`dist/<deck>/index.html`) into the page around its slides and each slide. */
export function deckPageParts(html: string): DeckPageParts {
  const open: Array<{ start: number; openingEnd: number; holdsSlides: boolean }> = [];
  const slides: SlidePart[] = [];
  const cut: Array<[number, number]> = [];
  const parser = new Parser(
    {
      onopentag(name) {
        if (name !== 'section') return;
        const parent = open.at(-1);
        if (parent) parent.holdsSlides = true;
        open.push({ start: parser.startIndex, openingEnd: parser.endIndex + 1, holdsSlides: false });
      },
      onclosetag(name) {
        if (name !== 'section') return;
        const section = open.pop();
        if (!section) return;
        const end = parser.endIndex + 1;
        const parent = open.at(-1);
        if (!section.holdsSlides)
          slides.push(
            slidePart(html.slice(section.start, end), parent ? html.slice(parent.start, parent.openingEnd) : ''),
          );
        if (!parent) cut.push([section.start, end]);
      },
    },
    { decodeEntities: false },
  );
  parser.end(html);
  let page = '';
  let from = 0;
  for (const [start, end] of cut) {
    page += html.slice(from, start);
    from = end;
    // The line breaks between slides: one slide more or less is not a change to the page around them.
    while (/\s/.test(html.charAt(from))) from++;
  }
  page += html.slice(from);
  return { page, slides };
}
