/**
 * The `<section>` elements of a page lectern built, found by their tags: a deck page is lectern's own
 * markup (raw HTML in a deck is removed, text is escaped), so a tag scan that steps over comments,
 * scripts and styles finds them as a parser would, in a fraction of the time on a page of diagrams.
 */

export interface SectionSpan {
  /** Where its opening tag starts, and where that tag ends. */
  start: number;
  openingEnd: number;
  /** Just after its closing tag. */
  end: number;
  /** How many sections hold it (0: a slide, or a stack of slides, of its own). */
  depth: number;
  /** It holds other sections (a vertical stack). */
  holdsSections: boolean;
}

const TAGS = /<!--[\s\S]*?-->|<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>|<(\/?)section\b[^>]*>/gi;

/** Every section of `html`, in the order they close (so each slide of a stack before the stack). */
export function sectionSpans(html: string): SectionSpan[] {
  const open: SectionSpan[] = [];
  const spans: SectionSpan[] = [];
  for (const match of html.matchAll(TAGS)) {
    if (match[2] === undefined) continue;
    const at = match.index ?? 0;
    if (match[2] === '') {
      const parent = open.at(-1);
      if (parent) parent.holdsSections = true;
      open.push({ start: at, openingEnd: at + match[0].length, end: -1, depth: open.length, holdsSections: false });
      continue;
    }
    const section = open.pop();
    if (!section) continue;
    section.end = at + match[0].length;
    spans.push(section);
  }
  return spans;
}
