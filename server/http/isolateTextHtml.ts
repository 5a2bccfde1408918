/**
 * `isolateText` (src/shared/bidi.ts) on HTML text rather than a page's DOM: the live card the server
 * draws gives each block of the slide's text its own direction, as the phone script does once it
 * adopts the card, so an Arabic or Hebrew block is right-aligned from the first paint.
 */
import { Parser } from 'htmlparser2';
import { OWN_DIRECTION, TEXT_BLOCKS } from '../../src/core/textDirection.ts';

const TEXT_BLOCK = new Set(TEXT_BLOCKS);
const KEEPS_ITS_DIRECTION = new Set(OWN_DIRECTION);

/**
 * Adds `dir="auto"` to each text block that has no `dir` and sits in no code, diagram or element with
 * a `dir` of its own; everything else is left byte for byte as it was.
 */
export function isolateTextHtml(html: string): string {
  /** Where to add the attribute: just after each such block's tag name. */
  const at: number[] = [];
  /** One entry per open element: whether it keeps its own direction for what is inside it. */
  const open: boolean[] = [];
  let keeping = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes, implied) {
        const keeps = KEEPS_ITS_DIRECTION.has(name) || 'dir' in attributes;
        if (!implied && keeping === 0 && !keeps && TEXT_BLOCK.has(name)) at.push(parser.startIndex + 1 + name.length);
        open.push(keeps);
        if (keeps) keeping++;
      },
      // htmlparser2 closes every element it opened, void and implied ones included, so the two stay in step.
      onclosetag() {
        if (open.pop()) keeping--;
      },
    },
    { decodeEntities: false },
  );
  parser.end(html);
  let out = '';
  let from = 0;
  for (const index of at) {
    out += `${html.slice(from, index)} dir="auto"`;
    from = index;
  }
  return out + html.slice(from);
}
