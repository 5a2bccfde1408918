import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { diagramId } from '../compile/diagramId.ts';
import type { DiagramRef } from '../compile/env.ts';
import { DeckError } from '../compile/errors.ts';
import { prepareDiagramSvg } from '../shared/diagramSvg.ts';
import { MERMAID_CONFIG } from '../shared/mermaidConfig.ts';
import { diagramFontFaces, FONTS_CSS_FILE } from './diagramFonts.ts';
import { MERMAID_BUNDLE, MERMAID_VERSION } from './mermaidBundle.ts';

/** The part of Mermaid's global the page script uses (the bundle is loaded by a script tag). */
interface MermaidWindow {
  mermaid: {
    initialize(config: unknown): void;
    render(id: string, source: string): Promise<{ svg: string }>;
  };
}

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
  // Faces load only when used: ask for each, so the first diagram is measured with them too.
  await page.evaluate(async () => {
    const faces = [...document.fonts].map(
      (face) => `${face.style} ${face.weight} 16px "${face.family.replace(/"/g, '')}"`,
    );
    await Promise.all(faces.map((font) => document.fonts.load(font, 'Aa·→')));
    await document.fonts.ready;
  });
  await page.addScriptTag({ path: MERMAID_BUNDLE });
  await page.evaluate((config) => (window as unknown as MermaidWindow).mermaid.initialize(config), MERMAID_CONFIG);
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
      const result = await page.evaluate(
        async ({ source, id }) => {
          let svg: string;
          try {
            ({ svg } = await (window as unknown as MermaidWindow).mermaid.render(id, source));
          } catch (error) {
            return {
              error: String((error as Error)?.message ?? error)
                .split('\n')
                .slice(0, 3)
                .join(' '),
            };
          }
          const holder = document.createElement('div');
          holder.innerHTML = svg;
          document.body.append(holder);
          try {
            const root = holder.querySelector('svg')!;
            const box = root.viewBox.baseVal;
            root.removeAttribute('style');
            root.setAttribute('width', String(box.width));
            root.setAttribute('height', String(box.height));
            centreStateLabels(root);
            return { svg: root.outerHTML, labelPx: smallestLabel(root) };
          } finally {
            holder.remove();
          }

          /** Mermaid starts a short state name at the left of its box, which is wider than the name: centre it. */
          function centreStateLabels(root: SVGSVGElement): void {
            for (const node of root.querySelectorAll('.statediagram-state')) {
              const shape = node.querySelector(':scope > rect, :scope > path');
              const label = node.querySelector<SVGGElement>(':scope > g.label');
              const text = label?.querySelector('text');
              if (!shape || !label || !text) continue;
              const [outer, inner] = [shape.getBoundingClientRect(), text.getBoundingClientRect()];
              const shift = outer.left + outer.width / 2 - (inner.left + inner.width / 2);
              const translate = /translate\(\s*([-\d.]+)[\s,]+([-\d.]+)\s*\)/.exec(
                label.getAttribute('transform') ?? '',
              );
              if (Math.abs(shift) < 1 || !translate) continue;
              label.setAttribute('transform', `translate(${Number(translate[1]) + shift}, ${translate[2]})`);
            }
          }

          /** The smallest font size any visible text is drawn at, in the SVG's own pixels. */
          function smallestLabel(root: SVGSVGElement): number {
            const rootScale = root.getScreenCTM()?.a ?? 1;
            let smallest = Infinity;
            for (const text of root.querySelectorAll('text')) {
              if (!text.textContent?.trim() || text.getBBox().width === 0) continue;
              const scale = (text.getScreenCTM()?.a ?? rootScale) / rootScale;
              smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * scale);
            }
            return Number.isFinite(smallest) ? Math.round(smallest * 10) / 10 : 0;
          }
        },
        { source: diagram.source, id: `d${diagramId(diagram.source)}` },
      );
      if ('error' in result)
        throw new DeckError(file, diagram.line, `mermaid cannot draw this diagram: ${result.error}`);
      rendered.set(diagram.source, prepareDiagramSvg(result.svg, { 'data-label-px': result.labelPx }));
    }
    return rendered;
  } finally {
    await page.close();
  }
}
