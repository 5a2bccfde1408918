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
  env.diagrams.push({ source, line: lineOf(env, token), captioned: hasCaption(tokens, idx) });
  const id = diagramId(source);
  const svg = env.renderDiagram(source);
  if (svg) return `<div class="diagram" data-diagram="${id}">${svg}</div>\n`;
  return `<div class="diagram diagram-lazy" data-diagram="${id}"><pre class="diagram-source">${escapeHtml(source)}</pre></div>\n`;
}

/** Whether the fence at `idx` sits in a figure that has a caption (the figure's argument). */
function hasCaption(tokens: Token[], idx: number): boolean {
  let depth = 0;
  for (let i = idx - 1; i >= 0; i--) {
    const type = tokens[i]!.type;
    if (type === 'container_figure_close') depth++;
    if (type === 'container_figure_open') {
      if (depth === 0) return tokens[i]!.info.trim().replace(/^figure\s*/, '') !== '';
      depth--;
    }
  }
  return false;
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
