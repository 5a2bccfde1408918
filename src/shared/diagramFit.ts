import { MAX_DIAGRAM_SCALE } from '../core/sizes.ts';

/** Natural size of a prepared SVG (src/core/diagramSvg.ts), in its own pixels. */
function naturalSize(svg: SVGSVGElement): { width: number; height: number } | null {
  const box = svg.viewBox?.baseVal;
  if (box && box.width > 0 && box.height > 0) return { width: box.width, height: box.height };
  return null;
}

/**
 * The blocks whose bottoms bound a slide's content: the slide's own children, and inside a
 * `.slide-body` (a flex column as tall as the room under the title) the blocks it holds, since
 * the body itself always ends at the slide's bottom however much it holds.
 */
function contentBlocks(section: HTMLElement): HTMLElement[] {
  const blocks: HTMLElement[] = [];
  for (const child of section.children) {
    if (!(child instanceof HTMLElement) || child.matches('aside.notes, .slide-kicker')) continue;
    if (child.matches('.slide-body'))
      blocks.push(
        ...[...child.children].filter(
          (inner): inner is HTMLElement => inner instanceof HTMLElement && !inner.matches('aside.notes'),
        ),
      );
    else blocks.push(child);
  }
  return blocks.filter((block) => !['absolute', 'fixed'].includes(getComputedStyle(block).position));
}

/** How far the slide's content reaches below the section's content box (negative: room left). */
function overflowBelow(section: HTMLElement, scale: number): number {
  const style = getComputedStyle(section);
  const bottom =
    section.getBoundingClientRect().bottom -
    parseFloat(style.paddingBottom) * scale -
    parseFloat(style.borderBottomWidth) * scale;
  let lowest = -Infinity;
  for (const block of contentBlocks(section)) {
    const box = block.getBoundingClientRect();
    lowest = Math.max(lowest, box.bottom + parseFloat(getComputedStyle(block).marginBottom) * scale);
  }
  return (lowest - bottom) / scale;
}

/**
 * Draws each diagram of a slide as large as the slide allows: as wide as its figure, up to twice
 * its natural size, and no taller than the space left under the title and above the caption.
 * It is measured rather than left to CSS because reveal.js owns each slide's `display`, so the
 * slide cannot be a flex column that hands the figure the remaining height.
 */
export function fitDiagramsIn(section: HTMLElement): void {
  const svgs = [...section.querySelectorAll<SVGSVGElement>('.diagram > svg')];
  if (svgs.length === 0 || section.offsetWidth === 0) return;
  // reveal scales the whole slide (and the scroll view each page); work in the slide's own pixels.
  const scale = section.getBoundingClientRect().width / section.offsetWidth;
  const sizes = svgs.map((svg) => {
    const natural = naturalSize(svg);
    const holder = svg.parentElement!;
    const width = holder.getBoundingClientRect().width / scale;
    const factor = natural ? Math.min(MAX_DIAGRAM_SCALE, width / natural.width) : 1;
    return { svg, natural, factor };
  });
  const apply = () => {
    for (const { svg, natural, factor } of sizes) {
      if (!natural) continue;
      svg.style.width = `${natural.width * factor}px`;
      svg.style.height = `${natural.height * factor}px`;
      svg.style.maxWidth = 'none';
      svg.style.maxHeight = 'none';
    }
  };
  apply();
  // Too tall for the slide: shrink every diagram of the slide by the share of height it takes.
  const overflow = overflowBelow(section, scale);
  if (overflow > 0) {
    const total = sizes.reduce((sum, { natural, factor }) => sum + (natural ? natural.height * factor : 0), 0);
    for (const size of sizes) {
      if (!size.natural || total === 0) continue;
      const height = size.natural.height * size.factor;
      size.factor = Math.max(0.05, (height - overflow * (height / total)) / size.natural.height);
    }
    apply();
  }
  for (const { svg, factor } of sizes) svg.dataset.scale = factor.toFixed(3);
}
