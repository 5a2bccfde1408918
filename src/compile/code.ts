import hljs from 'highlight.js';
import { escapeHtml } from './escape.ts';

/** Which lines light up at each step: `[1-2|4]` → [[1, 2], [4]]. */
export type LineSteps = number[][];

/** Parses reveal-style stepped highlights; returns null when the spec is malformed. */
export function parseLineSteps(spec: string): LineSteps | null {
  const steps: LineSteps = [];
  for (const step of spec.split('|')) {
    const lines: number[] = [];
    for (const part of step.split(',')) {
      const match = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
      if (!match) return null;
      const from = Number(match[1]);
      const to = Number(match[2] ?? match[1]);
      if (from < 1 || to < from) return null;
      for (let line = from; line <= to; line++) lines.push(line);
    }
    steps.push(lines);
  }
  return steps;
}

/**
 * highlight.js output may open a span on one line and close it on a later one
 * (block comments, template strings). Each line is made self-contained by closing
 * the open spans at its end and reopening them on the next line.
 */
export function splitHighlightedLines(html: string): string[] {
  const lines: string[] = [];
  const open: string[] = [];
  let line = '';
  for (const piece of html.split(/(<span[^>]*>|<\/span>|\n)/)) {
    if (piece === '\n') {
      lines.push(line + '</span>'.repeat(open.length));
      line = open.join('');
    } else if (piece.startsWith('<span')) {
      open.push(piece);
      line += piece;
    } else if (piece === '</span>') {
      open.pop();
      line += piece;
    } else {
      line += piece;
    }
  }
  lines.push(line);
  return lines;
}

export interface HighlightedCode {
  html: string;
  /** Extra fragment steps the code adds to its slide. */
  steps: number;
}

/** Highlights code at build time so the browser ships no highlighter. */
export function renderCode(code: string, language: string, steps: LineSteps | null): HighlightedCode {
  const known = language && hljs.getLanguage(language) ? language : '';
  const source = code.replace(/\n$/, '');
  const highlighted = known
    ? hljs.highlight(source, { language: known, ignoreIllegals: true }).value
    : escapeHtml(source);
  const firstStep = new Set(steps?.[0] ?? []);
  const lines = splitHighlightedLines(highlighted)
    .map((line, i) => `<span class="line${firstStep.has(i + 1) ? ' hl' : ''}" data-line="${i + 1}">${line}</span>`)
    .join('\n');
  const stepsAttr = steps ? ` data-line-steps="${escapeHtml(JSON.stringify(steps))}"` : '';
  const stepMarkers = (steps ?? [])
    .slice(1)
    .map((_, i) => `<span class="fragment code-step" data-code-step="${i + 1}"></span>`)
    .join('');
  const html =
    `<pre class="code${steps ? ' has-highlights' : ''}"${stepsAttr}>` +
    `<code class="hljs${known ? ` language-${known}` : ''}">${lines}</code>${stepMarkers}</pre>\n`;
  return { html, steps: Math.max(0, (steps?.length ?? 0) - 1) };
}
