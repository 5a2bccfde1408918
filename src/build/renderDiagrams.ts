import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { DeckError } from '../compile/errors.ts';
import type { DiagramRef } from '../compile/env.ts';
import { diagramId } from '../compile/diagramId.ts';

const require = createRequire(import.meta.url);

/**
 * How diagrams are drawn. Colours are CSS variables resolved by the page's theme,
 * so one SVG serves the dark, light and high-contrast themes alike; this name is
 * part of every cache key, so changing the style below means a new name.
 */
export const DIAGRAM_STYLE = 'lectern-vars-1';

const MERMAID_CONFIG = {
  startOnLoad: false,
  theme: 'base',
  securityLevel: 'strict',
  fontFamily: 'Inter, "DejaVu Sans", Arial, sans-serif',
  flowchart: { htmlLabels: false, useMaxWidth: true, curve: 'basis' },
  themeCSS: `
    .node rect, .node polygon, .node circle, .node path, .node ellipse, .cluster rect {
      fill: var(--diagram-fill) !important; stroke: var(--diagram-stroke) !important; stroke-width: 1.5px !important; }
    .flowchart-link, .edgePath path, path.relation { stroke: var(--diagram-line) !important; }
    marker path, .marker, .arrowheadPath { fill: var(--diagram-line) !important; stroke: var(--diagram-line) !important; }
    text, .label text, tspan, .nodeLabel, .edgeLabel { fill: var(--diagram-text) !important; color: var(--diagram-text) !important; }
    .edgeLabel rect, .labelBkg, .edgeLabel .background { fill: var(--diagram-label-bg) !important; opacity: 1 !important; }
    .cluster-label text, .cluster text { fill: var(--diagram-muted) !important; }
  `,
};

export function diagramCacheKey(source: string): string {
  return diagramId(`${DIAGRAM_STYLE}\n${source}`);
}

/**
 * Renders Mermaid diagrams to SVG in a real browser page (Mermaid needs a DOM and
 * text measurement). A diagram that does not parse fails the build at its line.
 */
export async function renderDiagrams(browser: Browser, diagrams: DiagramRef[], file: string): Promise<Map<string, string>> {
  const page = await browser.newPage();
  try {
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
    await page.evaluate((config) => (window as any).mermaid.initialize(config), MERMAID_CONFIG);
    const rendered = new Map<string, string>();
    for (const diagram of diagrams) {
      const result = await page.evaluate(
        async ({ source, id }) => {
          try {
            const { svg } = await (window as any).mermaid.render(id, source);
            return { svg: svg as string };
          } catch (error) {
            return { error: String((error as Error)?.message ?? error).split('\n').slice(0, 3).join(' ') };
          }
        },
        { source: diagram.source, id: `d${diagramId(diagram.source)}` },
      );
      if ('error' in result) throw new DeckError(file, diagram.line, `mermaid cannot draw this diagram: ${result.error}`);
      rendered.set(diagram.source, result.svg);
    }
    return rendered;
  } finally {
    await page.close();
  }
}
