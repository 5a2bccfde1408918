import type { MarkdownIt, StateCore } from 'markdown-it';

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
 * Right-to-left text in a left-to-right deck: each paragraph, heading, list item and table cell
 * takes its direction from its own text (`dir="auto"`), so an Arabic or Hebrew paragraph reads
 * right-aligned and its punctuation lands at its own end, while the English ones stay as they are.
 * The deck's CSS aligns to `start`, which follows `dir`.
 */
function isolateBlocks(state: StateCore): void {
  for (const token of state.tokens) {
    if (OWN_DIRECTION.has(token.type) && !token.attrGet('dir')) token.attrSet('dir', 'auto');
  }
}

export function useBidi(md: MarkdownIt): void {
  md.core.ruler.push('lectern_bidi', isolateBlocks);
}
