import type { Token } from 'markdown-it';
import MarkdownIt from 'markdown-it';
import { useBidi } from './bidi.ts';
import { useBlocks } from './blocks.ts';
import { parseLineSteps, renderCode } from './code.ts';
import { diagramId } from './diagramId.ts';
import { type CompileEnv, failAt, lineOf } from './env.ts';
import { escapeHtml } from './escape.ts';
import { useRawHtml } from './htmlRules.ts';
import { useQuiz } from './quiz.ts';
import { useDeckRules } from './rules.ts';
import { useSourceLines } from './sourceLines.ts';
import { htmlToText } from './text.ts';

/** ```go [1-2|4] → language `go`, steps `1-2|4`. */
function readFenceInfo(info: string): { language: string; steps: string | null } {
  const match = /^(\S*)\s*(?:\[([^\]]*)\])?/.exec(info.trim())!;
  return { language: match[1] ?? '', steps: match[2] ?? null };
}

/**
 * A diagram is inlined as the SVG the build rendered. Without one, its source is
 * left for the deck to render with Mermaid loaded lazily, on that slide only.
 */
function renderDiagram(tokens: Token[], idx: number, env: CompileEnv): string {
  const token = tokens[idx]!;
  const source = token.content.trim();
  if (!source) failAt(env, token, 'this mermaid diagram is empty');
  const caption = captionOf(tokens, idx);
  env.diagrams.push({ source, line: lineOf(env, token), captioned: caption !== null });
  const id = diagramId(source);
  // One picture to a screen reader, named by its caption, or Mermaid's own `accTitle:` (its alt text).
  const name = ` role="img" aria-label="${escapeHtml(diagramName(source, caption))}"`;
  const svg = env.renderDiagram(source);
  if (svg) return `<div class="diagram" data-diagram="${id}"${name}>${svg}</div>\n`;
  return `<div class="diagram diagram-lazy" data-diagram="${id}"${name}><pre class="diagram-source">${escapeHtml(source)}</pre></div>\n`;
}

/** A diagram's accessible name: its caption, its `accTitle:`, or what kind of diagram it is. */
export function diagramName(source: string, caption: string | null): string {
  if (caption) return htmlToText(caption.replace(/[*_`]+/g, ''));
  const accTitle = /^\s*accTitle\s*:\s*(.+)$/m.exec(source)?.[1]?.trim();
  if (accTitle) return accTitle;
  const kind = /^\s*([A-Za-z][\w-]*)/.exec(source.replace(/^%%.*$/gm, '').trim())?.[1] ?? 'mermaid';
  return `${kind.replace(/-(beta|v\d+)$/i, '')} diagram`;
}

/** The caption of the figure the fence at `idx` sits in (the figure's argument), or null. */
function captionOf(tokens: Token[], idx: number): string | null {
  let depth = 0;
  for (let i = idx - 1; i >= 0; i--) {
    const type = tokens[i]!.type;
    if (type === 'container_figure_close') depth++;
    if (type === 'container_figure_open') {
      if (depth === 0) return tokens[i]!.info.trim().replace(/^figure\s*/, '') || null;
      depth--;
    }
  }
  return null;
}

function renderFence(tokens: Token[], idx: number, env: CompileEnv): string {
  const token = tokens[idx]!;
  const { language, steps } = readFenceInfo(token.info);
  if (language === 'mermaid') return renderDiagram(tokens, idx, env);
  const parsedSteps = steps === null ? null : parseLineSteps(steps);
  if (steps !== null && !parsedSteps) failAt(env, token, `line highlights look like [1-2|4|6,8], not [${steps}]`);
  return renderCode(token.content, language, parsedSteps).html;
}

/** The one Markdown dialect of lectern decks. */
export function createMarkdown(): InstanceType<typeof MarkdownIt> {
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
  useBlocks(md);
  useDeckRules(md);
  useRawHtml(md);
  useQuiz(md);
  useBidi(md);
  md.renderer.rules.fence = (tokens, idx, _options, env) => renderFence(tokens, idx, env as unknown as CompileEnv);
  useSourceLines(md);
  return md;
}
