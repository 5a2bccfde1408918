import type { MarkdownIt, StateCore, Token } from 'markdown-it';
import { type CompileEnv, failAt, lineOf } from './env.ts';
import { closesDropped, describeRemoved, processRawHtml } from './rawHtml.ts';
import { deckRelativePath } from './rules.ts';

/**
 * The URL a raw-HTML media file gets: a file in the deck folder, listed so the build checks and bundles it,
 * as a Markdown image is. The room has no internet, so nothing remote; only an image may be inline data.
 */
function mediaUrl(env: CompileEnv, token: Token, src: string, element: string): string {
  if (/^(https?:)?\/\//i.test(src))
    failAt(env, token, `<${element}> files must be in the deck folder (the room has no internet): ${src}`);
  if (element === 'img' && /^data:image\//i.test(src)) return src;
  const path = deckRelativePath(src);
  if (path === null)
    failAt(
      env,
      token,
      `<${element}> files must be in the deck folder, given by a relative path like ./clip.webm: ${src}`,
    );
  env.assets.push({ path, line: lineOf(env, token) });
  return `/slides/${env.deckId}/${encodeURI(path)}`;
}

/** Raw HTML tags left out of an inline run, with what a `<script>` or the like holds; marks the run when any was. */
function leaveOutHtml(block: Token): void {
  let dropping: string | null = null;
  for (const child of block.children ?? []) {
    if (child.type === 'html_inline') {
      const result = processRawHtml(child.content, { safe: true, inline: true, media: (src) => src });
      if (dropping && closesDropped(child.content, dropping)) dropping = null;
      else if (!dropping) dropping = result.opensDropped ?? null;
    } else if (!dropping) continue;
    child.type = 'text';
    child.content = '';
    block.meta = { ...(block.meta as object | null), leftOut: true };
  }
}

/** Whether raw HTML was left out of an inline run (markdown-it joins the emptied text tokens, so the run is marked). */
export function htmlLeftOut(block: Token | undefined): boolean {
  return (block?.meta as { leftOut?: boolean } | null)?.leftOut === true;
}

/** Every raw HTML block and inline tag of the slide, through the allow-list (or kept, when trusted), media bundled. */
function processHtml(state: StateCore): void {
  const env = state.env as unknown as CompileEnv;
  // Without a deck's frontmatter (markdown-it called on its own), the allow-list applies.
  const safe = env.meta?.html !== 'trusted';
  const warn = (token: Token, removed: string[]) => {
    if (removed.length) env.warnings.push({ line: lineOf(env, token), message: describeRemoved(removed) });
  };
  for (const block of state.tokens) {
    if (block.type === 'html_block') {
      const result = processRawHtml(block.content, {
        safe,
        inline: false,
        media: (src, element) => mediaUrl(env, block, src, element),
      });
      block.content = result.html;
      warn(block, result.removed);
      continue;
    }
    if (block.type !== 'inline' || !block.children) continue;
    if (env.textOnly || (block.meta as { textOnly?: boolean } | null)?.textOnly) {
      leaveOutHtml(block);
      continue;
    }
    const removed: string[] = [];
    let dropping: string | null = null;
    for (const child of block.children) {
      if (dropping) {
        if (child.type === 'html_inline' && closesDropped(child.content, dropping)) dropping = null;
        child.type = 'text';
        child.content = '';
        continue;
      }
      if (child.type !== 'html_inline') continue;
      const result = processRawHtml(child.content, {
        safe,
        inline: true,
        media: (src, element) => mediaUrl(env, block, src, element),
      });
      child.content = result.html;
      for (const what of result.removed) if (!removed.includes(what)) removed.push(what);
      dropping = result.opensDropped ?? null;
    }
    warn(block, removed);
  }
}

export function useRawHtml(md: MarkdownIt): void {
  md.core.ruler.after('inline', 'lectern_raw_html', processHtml);
}
