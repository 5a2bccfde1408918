import type { Browser } from 'playwright-core';
import { DeckError } from '../compile/errors.ts';
import type { DiagramRef } from '../compile/env.ts';
import { diagramId } from '../compile/diagramId.ts';
import { MERMAID_CONFIG } from '../shared/mermaidConfig.ts';
import { MERMAID_BUNDLE, MERMAID_VERSION } from './mermaidBundle.ts';

/**
 * A rendered SVG depends on the diagram's text, the drawing style (theme and options)
 * and Mermaid's version: all three make the cache key, so a change to any redraws.
 */
const DRAWING = `${MERMAID_VERSION}\n${JSON.stringify(MERMAID_CONFIG)}`;


export function diagramCacheKey(source: string): string {
  return diagramId(`${DRAWING}\n${source}`);
}

/**
 * Renders Mermaid diagrams to SVG in a real browser page (Mermaid needs a DOM and
 * text measurement). A diagram that does not parse fails the build at its line.
 */
export async function renderDiagrams(browser: Browser, diagrams: DiagramRef[], file: string): Promise<Map<string, string>> {
  const page = await browser.newPage();
  try {
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: MERMAID_BUNDLE });
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
