/**
 * `isolateText` (src/shared/bidi.ts) on HTML text rather than a page's DOM, for raw HTML in a deck: the
 * build gives it to the projector, the speaker view and the PDF (src/compile/bidi.ts), and the live card
 * the server draws gives it to the phone from the first paint (a deck built before is covered too), as
 * the phone script does once it adopts the card. Each block of text gets its own direction, so an
 * Arabic or Hebrew block is right-aligned, and a right-to-left table its first column on the right.
 */
import { Parser } from 'htmlparser2';
import { firstLetter, letterDirection, OWN_DIRECTION, TEXT_BLOCKS } from './textDirection.ts';

const TEXT_BLOCK = new Set(TEXT_BLOCKS);
const KEEPS_ITS_DIRECTION = new Set(OWN_DIRECTION);

/** A character reference (`&nbsp;`, `&#x627;`): not decoded here, so its letters are no words of the text. */
const CHARACTER_REFERENCE = /&#?\w+;/g;

/**
 * Adds `dir="auto"` to each text block, and `dir="rtl"` to each table whose text starts right to left
 * (its `textContent`, as the phone script reads it), that has no `dir` and sits in no code, diagram or
 * element with a `dir` of its own; everything else is left byte for byte as it was.
 */
export function isolateTextHtml(html: string): string {
  /** What to add where: just after the tag name of each such block or table. */
  const added: { at: number; attribute: string }[] = [];
  /** One entry per open element: whether it keeps its own direction for what is inside it. */
  const open: boolean[] = [];
  let keeping = 0;
  /** Tables open whose direction waits for their first letter, each by where its attribute would go. */
  let undecided: number[] = [];
  /** Each open table: where its attribute would go if it waits, else null; so a waiting one stops at its own close. */
  const tables: (number | null)[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes, implied) {
        const keeps = KEEPS_ITS_DIRECTION.has(name) || 'dir' in attributes;
        const at = parser.startIndex + 1 + name.length;
        if (!implied && keeping === 0 && !keeps && TEXT_BLOCK.has(name)) added.push({ at, attribute: ' dir="auto"' });
        if (name === 'table') {
          const waits = !implied && keeping === 0 && !keeps;
          tables.push(waits ? at : null);
          if (waits) undecided.push(at);
        }
        open.push(keeps);
        if (keeps) keeping++;
      },
      ontext(text) {
        if (undecided.length === 0) return;
        const letter = firstLetter(text.replace(CHARACTER_REFERENCE, ' '));
        if (!letter) return;
        if (letterDirection(letter) === 'rtl') for (const at of undecided) added.push({ at, attribute: ' dir="rtl"' });
        undecided = [];
      },
      // htmlparser2 closes every element it opened, void and implied ones included, so the two stay in step.
      onclosetag(name) {
        if (open.pop()) keeping--;
        if (name === 'table') {
          const at = tables.pop();
          undecided = undecided.filter((waiting) => waiting !== at);
        }
      },
    },
    { decodeEntities: false },
  );
  parser.end(html);
  added.sort((a, b) => a.at - b.at);
  let out = '';
  let from = 0;
  for (const { at, attribute } of added) {
    out += html.slice(from, at) + attribute;
    from = at;
  }
  return out + html.slice(from);
}
