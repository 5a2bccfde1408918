import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { diagramId } from '../compile/diagramId.ts';
import type { DiagramRef } from '../compile/env.ts';
import { DeckError } from '../compile/errors.ts';
import { prepareDiagramSvg } from '../core/diagramSvg.ts';
import { MERMAID_CONFIG } from '../core/mermaidConfig.ts';
import { diagramFontFaces, FONTS_CSS_FILE } from './diagramFonts.ts';
import { drawDiagram, initializeMermaid, loadFontFaces } from './inPage/drawDiagram.ts';
import { MERMAID_BUNDLE, MERMAID_VERSION } from './mermaidBundle.ts';

/** Bump when what the build does to Mermaid's SVG changes, so cached diagrams are redrawn. */
const SVG_REVISION = 3;

/**
 * A rendered SVG depends on the diagram's text, the drawing style (theme and options), the fonts
 * it was measured with, lectern's own touches and Mermaid's version: all make the cache key,
 * so a change to any redraws.
 */
const DRAWING = [
  MERMAID_VERSION,
  JSON.stringify(MERMAID_CONFIG),
  readFileSync(FONTS_CSS_FILE, 'utf8'),
  SVG_REVISION,
].join('\n');

export function diagramCacheKey(source: string): string {
  return diagramId(`${DRAWING}\n${source}`);
}

/** A page with Mermaid and the deck's fonts loaded, ready to draw. */
async function openDrawingPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await page.setContent(`<!doctype html><html><head><style>${diagramFontFaces()}</style></head><body></body></html>`);
  await page.evaluate(loadFontFaces);
  await page.addScriptTag({ path: MERMAID_BUNDLE });
  await page.evaluate(initializeMermaid, MERMAID_CONFIG);
  return page;
}

/**
 * Renders Mermaid diagrams to SVG in a real browser page (Mermaid needs a DOM and
 * text measurement). A diagram that does not parse fails the build at its line.
 * Each SVG records the size of its smallest label (`data-label-px`, at natural size),
 * so the build can warn about a diagram too big to read on a slide.
 */
export async function renderDiagrams(
  browser: Browser,
  diagrams: DiagramRef[],
  file: string,
): Promise<Map<string, string>> {
  const page = await openDrawingPage(browser);
  try {
    const rendered = new Map<string, string>();
    for (const diagram of diagrams) {
      const result = await page.evaluate(drawDiagram, { source: diagram.source, id: `d${diagramId(diagram.source)}` });
      if ('error' in result)
        throw new DeckError(file, diagram.line, `mermaid cannot draw this diagram: ${result.error}`);
      rendered.set(diagram.source, prepareDiagramSvg(result.svg, { 'data-label-px': result.labelPx }));
    }
    return rendered;
  } finally {
    await page.close();
  }
}
