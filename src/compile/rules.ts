import type { MarkdownIt, StateCore } from 'markdown-it';
import { BLOCK_NAMES } from './blocks.ts';
import { nearestName } from './didYouMean.ts';
import { type CompileEnv, failAt, lineOf } from './env.ts';
import { escapeHtml } from './escape.ts';
import { closingIndex } from './quiz.ts';

const LABELS: Array<[RegExp, string]> = [
  [/^Pro:\s*/, 'pro'],
  [/^Con:\s*/, 'con'],
  [/^How to choose:\s*/, 'choose'],
];

/**
 * A `:::` line that no block claimed is a typo or an unknown block, and a block
 * with no closing line silently swallows the rest of the slide: both fail the build.
 */
function checkBlocks(state: StateCore): void {
  const env = state.env as unknown as CompileEnv;
  const lines = state.src.split('\n');
  state.tokens.forEach((token, i) => {
    if (token.type === 'inline' && token.content.startsWith(':::')) {
      const name = /^:+\s*(\S*)/.exec(token.content)?.[1] ?? '';
      const known = BLOCK_NAMES.includes(name);
      const near = nearestName(name, BLOCK_NAMES);
      failAt(
        env,
        state.tokens[i - 1],
        known ? `a \`${name}\` block must start a line of its own` : `unknown block "${name}"`,
        known ? undefined : `${near ? `did you mean "${near}"? ` : ''}the blocks are ${BLOCK_NAMES.join(', ')}`,
      );
    }
    if (token.type.startsWith('container_') && token.nesting === 1) {
      const closingLine = lines[token.map![1]];
      const closed =
        closingLine !== undefined && new RegExp(`^\\s{0,3}:{${token.markup.length},}\\s*$`).test(closingLine);
      if (!closed)
        failAt(
          env,
          token,
          `this \`${token.markup} ${token.info.trim().split(/\s+/)[0]}\` block is never closed with \`${token.markup}\``,
        );
    }
  });
}

/** `Pro:`, `Con:` and `How to choose:` paragraphs get a class and a bold label. */
function labelParagraphs(state: StateCore): void {
  state.tokens.forEach((token, i) => {
    if (token.type !== 'paragraph_open') return;
    const inline = state.tokens[i + 1]!;
    for (const [pattern, name] of LABELS) {
      const match = pattern.exec(inline.content);
      if (!match) continue;
      token.attrJoin('class', name);
      inline.content = `**${match[0].trim()}** ${inline.content.slice(match[0].length)}`;
    }
  });
}

/** Inside `::: fragments`, each list item or paragraph directly within appears on its own step. */
function markFragments(state: StateCore): void {
  const tokens = state.tokens;
  tokens.forEach((token, i) => {
    if (token.type !== 'container_fragments_open') return;
    const close = closingIndex(tokens, i);
    for (let j = i + 1; j < close; j++) {
      const inner = tokens[j]!;
      const depth = inner.level - token.level;
      const isList = inner.type === 'bullet_list_open' || inner.type === 'ordered_list_open';
      if (inner.nesting === 1 && depth === 1 && !isList) inner.attrJoin('class', 'fragment');
      if (inner.type === 'list_item_open' && depth === 2) inner.attrJoin('class', 'fragment');
    }
  });
}

/**
 * An image path as a path inside the deck folder (`./a/../b.png` → `b.png`), or null for one that is
 * absolute, has a scheme, or climbs out of the folder: the deck page is public, and whatever the build
 * bundles from outside the folder (`../../tsconfig.json`, `/etc/hostname`) would be published with it.
 * Symlinks are the build's to check, on disk.
 */
export function deckRelativePath(src: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURI(src);
  } catch {
    return null;
  }
  if (
    decoded.startsWith('/') ||
    decoded.includes('\\') ||
    decoded.includes('\0') ||
    /^[a-z][a-z0-9+.-]*:/i.test(decoded)
  )
    return null;
  const parts: string[] = [];
  for (const segment of decoded.split(/[?#]/)[0]!.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(segment);
  }
  return parts.length > 0 ? parts.join('/') : null;
}

const VIDEO = /\.(webm|mp4|m4v|mov|ogv)$/i;
const AUDIO = /\.(mp3|m4a|aac|ogg|oga|opus|wav|flac)$/i;

/** The element that plays a file given with image syntax, by its extension; null for an image. */
export function mediaElement(path: string): 'video' | 'audio' | null {
  if (VIDEO.test(path)) return 'video';
  if (AUDIO.test(path)) return 'audio';
  return null;
}

/**
 * Relative images are deck files: their paths are rewritten from the project root
 * so Vite bundles them, and listed so the build can fail on a missing one.
 * Remote images are refused: the room has no internet.
 */
function collectAssets(state: StateCore): void {
  const env = state.env as unknown as CompileEnv;
  for (const block of state.tokens) {
    if (block.type !== 'inline') continue;
    for (const child of block.children ?? []) {
      if (child.type !== 'image') continue;
      const src = String(child.attrGet('src') ?? '');
      if (/^(https?:)?\/\//.test(src))
        failAt(env, block, `images must be files in the deck folder (the room has no internet): ${src}`);
      if (src.startsWith('data:')) continue;
      const path = deckRelativePath(src);
      if (path === null)
        failAt(
          env,
          block,
          `images must be files in the deck folder, given by a relative path like ./picture.png: ${src}`,
        );
      env.assets.push({ path, line: lineOf(env, block) });
      const url = `/slides/${env.deckId}/${encodeURI(path)}`;
      const media = mediaElement(path);
      if (media) {
        // `![A rollout](./rollout.webm)` is a clip to play, not an image the browser cannot show.
        const label = child.content ? ` aria-label="${escapeHtml(child.content)}"` : '';
        child.type = 'html_inline';
        child.content = `<${media} class="media" src="${url}" controls preload="metadata"${media === 'video' ? ' playsinline' : ''}${label}></${media}>`;
        continue;
      }
      child.attrSet('src', url);
    }
  }
}

export function useDeckRules(md: MarkdownIt): void {
  md.core.ruler.after('block', 'lectern_check_blocks', checkBlocks);
  md.core.ruler.after('lectern_check_blocks', 'lectern_labels', labelParagraphs);
  md.core.ruler.after('lectern_labels', 'lectern_fragments', markFragments);
  md.core.ruler.after('inline', 'lectern_assets', collectAssets);
}
