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
import { sectionSpans } from './sectionTags.ts';

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
  const spans = sectionSpans(html);
  const slides: SlidePart[] = [];
  const cut: Array<[number, number]> = [];
  for (const span of spans) {
    if (!span.holdsSections) {
      // A slide in a stack: the stack is the innermost section open around it, the last to close after it.
      const stack =
        span.depth > 0
          ? spans.find((other) => other.depth === span.depth - 1 && other.start < span.start && other.end > span.end)
          : undefined;
      slides.push(slidePart(html.slice(span.start, span.end), stack ? html.slice(stack.start, stack.openingEnd) : ''));
    }
    if (span.depth === 0) cut.push([span.start, span.end]);
  }
  cut.sort((a, b) => a[0] - b[0]);
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
