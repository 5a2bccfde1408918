import type { MarkdownIt, StateCore, Token } from 'markdown-it';
import { isolateTextHtml } from '../core/isolateTextHtml.ts';
import { textDirection } from '../core/textDirection.ts';

/** Blocks whose direction follows their own first strong character, not the page's. */
const OWN_DIRECTION = new Set([
  'paragraph_open',
  'heading_open',
  'list_item_open',
  'blockquote_open',
  'th_open',
  'td_open',
]);

/**
 * The words of a table, from its opening token on, in reading order: the text of its cells, code
 * included, raw HTML tags left out (their names are not words of the table).
 */
function tableText(tokens: Token[], open: number): string {
  let text = '';
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'table_open') depth++;
    if (token.type === 'table_close' && --depth === 0) break;
    for (const child of token.children ?? []) {
      if (child.type === 'text' || child.type === 'code_inline') text += `${child.content} `;
    }
  }
  return text;
}

/**
 * Right-to-left text in a left-to-right deck: each paragraph, heading, list item and table cell
 * takes its direction from its own text (`dir="auto"`), so an Arabic or Hebrew paragraph reads
 * right-aligned and its punctuation lands at its own end, while the English ones stay as they are.
 * The deck's CSS aligns to `start`, which follows `dir`. A table whose text starts right to left
 * lays its columns out right to left (`dir="rtl"`), its first column on the right; `dir="auto"` on
 * the table would not do, as it skips the cells, which carry their own `dir`. Raw HTML gets the same,
 * block by block.
 */
function isolateBlocks(state: StateCore): void {
  state.tokens.forEach((token, index) => {
    if (OWN_DIRECTION.has(token.type) && !token.attrGet('dir')) token.attrSet('dir', 'auto');
    if (token.type === 'html_block') token.content = isolateTextHtml(token.content);
    if (token.type === 'table_open' && !token.attrGet('dir') && textDirection(tableText(state.tokens, index)) === 'rtl')
      token.attrSet('dir', 'rtl');
  });
}

export function useBidi(md: MarkdownIt): void {
  md.core.ruler.push('lectern_bidi', isolateBlocks);
}
