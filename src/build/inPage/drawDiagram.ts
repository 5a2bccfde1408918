/**
 * The diagram drawing page's own code: loading the deck's fonts, starting Mermaid and drawing one
 * diagram. src/build/renderDiagrams.ts hands each function to `page.evaluate`, so each stands alone:
 * no imports at run time, no closures over module state.
 */

/** The part of Mermaid's global the page uses (the bundle is loaded by a script tag). */
interface MermaidWindow {
  mermaid: {
    initialize(config: unknown): void;
    render(id: string, source: string): Promise<{ svg: string }>;
  };
}

/** Faces load only when used: asks for each, so the first diagram is measured with them too. */
export async function loadFontFaces(): Promise<void> {
  const faces = [...document.fonts].map(
    (face) => `${face.style} ${face.weight} 16px "${face.family.replace(/"/g, '')}"`,
  );
  await Promise.all(faces.map((font) => document.fonts.load(font, 'Aa·→')));
  await document.fonts.ready;
}

export function initializeMermaid(config: unknown): void {
  (window as unknown as MermaidWindow).mermaid.initialize(config);
}

/** Mermaid's SVG at its natural size with the size of its smallest label, or why it cannot be drawn. */
export async function drawDiagram({
  source,
  id,
}: {
  source: string;
  id: string;
}): Promise<{ svg: string; labelPx: number } | { error: string }> {
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
      const translate = /translate\(\s*([-\d.]+)[\s,]+([-\d.]+)\s*\)/.exec(label.getAttribute('transform') ?? '');
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
}
