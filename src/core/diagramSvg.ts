/**
 * Mermaid sizes its SVG for a docs page (`width="100%"` and a `max-width`). lectern sizes it for
 * the slide instead, so the root element keeps only its natural size, taken from its viewBox,
 * as width and height: the deck scales it from there (src/deck/plugins/fitDiagrams.ts).
 */
export function prepareDiagramSvg(svg: string, extra: Record<string, string | number> = {}): string {
  return svg.replace(/^<svg\b[^>]*>/, (tag) => {
    const viewBox = /\bviewBox="([^"]+)"/
      .exec(tag)?.[1]
      ?.trim()
      .split(/[\s,]+/)
      .map(Number);
    let cleaned = tag
      .replace(/\s(width|height)="[^"]*"/g, '')
      .replace(/\sstyle="[^"]*"/, '')
      .replace(/\sdata-label-px="[^"]*"/, '');
    if (viewBox?.length === 4 && viewBox.every(Number.isFinite)) {
      const [, , width, height] = viewBox as [number, number, number, number];
      cleaned = cleaned.replace(/^<svg\b/, `<svg width="${round(width)}" height="${round(height)}"`);
    }
    const attributes = Object.entries(extra)
      .map(([name, value]) => ` ${name}="${value}"`)
      .join('');
    return cleaned.replace(/>$/, `${attributes}>`);
  });
}

const round = (n: number) => Math.round(n * 100) / 100;
