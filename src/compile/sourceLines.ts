import type { MarkdownIt, StateCore } from 'markdown-it';
import { BLOCK_NAMES } from './blocks.ts';
import { type CompileEnv, lineOf } from './env.ts';

/**
 * Every block the deck shows carries the deck-file line it came from, as `data-source-line`,
 * so the build's layout check can say "deck.md:120: this code block needs 48 lines; 22 fit".
 * The attribute has no style: it changes nothing a person sees.
 */
export const SOURCE_LINE_ATTR = 'data-source-line';

/** Block tokens that open one element of the slide (list items and table rows are told by their list or table). */
const LINED_BLOCKS = new Set([
  'paragraph_open',
  'heading_open',
  'bullet_list_open',
  'ordered_list_open',
  'table_open',
  'blockquote_open',
  'hr',
]);

/** Speaker notes never reach the slide, so nothing in them is marked. */
const UNMARKED_CONTAINERS = new Set(['notes']);

/** Adds the attribute at the end of the first tag of HTML a custom renderer wrote (a fence, a `:::` block). */
export function withSourceLine(html: string, line: number): string {
  return html.replace(/^(\s*<[a-zA-Z][^>]*?)(\s*\/?>)/, `$1 ${SOURCE_LINE_ATTR}="${line}"$2`);
}

function markLines(state: StateCore): void {
  const env = state.env as unknown as CompileEnv;
  let inNotes = 0;
  for (const token of state.tokens) {
    if (token.type === 'container_notes_open') inNotes++;
    if (token.type === 'container_notes_close') inNotes--;
    if (!inNotes && token.map && LINED_BLOCKS.has(token.type))
      token.attrSet(SOURCE_LINE_ATTR, String(lineOf(env, token)));
  }
}

/** Registers the line marks; call after every renderer rule is in place (it wraps the fence and the `:::` blocks). */
export function useSourceLines(md: MarkdownIt): void {
  md.core.ruler.push('lectern_source_lines', markLines);
  const rules = md.renderer.rules;
  const marked = BLOCK_NAMES.filter((block) => !UNMARKED_CONTAINERS.has(block));
  for (const name of [...marked.map((block) => `container_${block}_open`), 'fence']) {
    const render = rules[name];
    if (!render) continue;
    rules[name] = (tokens, idx, options, env, self) =>
      withSourceLine(render(tokens, idx, options, env, self), lineOf(env as CompileEnv, tokens[idx]));
  }
}
