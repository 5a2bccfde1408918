import { MAX_DIAGRAM_SCALE } from '../core/sizes.ts';

/** The smallest a diagram label may be drawn on a 1280×720 slide and still be read from the back. */
export const MIN_LABEL_PX = 20;

/**
 * The most room a diagram gets on a slide, in slide pixels: the width inside the slide's padding,
 * and the height left under a one-line title (themes/deck.css gives a diagram's slide the body's
 * full height), less a one-line caption when it has one. The deck fits each diagram to its real
 * room; this is the build's estimate, to warn before anyone opens the slide.
 */
export const DIAGRAM_ROOM = { width: 1152, height: 560, caption: 42 };

/** The size a prepared SVG declares: natural width and height, and its smallest label. */
function readSvg(svg: string): { width: number; height: number; labelPx: number } | null {
  const tag = /^<svg\b[^>]*>/.exec(svg)?.[0];
  const number = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(tag ?? '')?.[1]);
  const size = { width: number('width'), height: number('height'), labelPx: number('data-label-px') };
  return Object.values(size).every((n) => Number.isFinite(n) && n > 0) ? size : null;
}

/**
 * How large a diagram's smallest label will be once fitted to a slide, and a warning when that is
 * under the floor: the diagram holds too much for one slide.
 */
export function diagramReadability(svg: string, captioned = true): { labelPx: number; warning: string | null } | null {
  const size = readSvg(svg);
  if (!size) return null;
  const height = DIAGRAM_ROOM.height - (captioned ? DIAGRAM_ROOM.caption : 0);
  const scale = Math.min(MAX_DIAGRAM_SCALE, DIAGRAM_ROOM.width / size.width, height / size.height);
  const labelPx = Math.round(size.labelPx * scale * 10) / 10;
  if (labelPx >= MIN_LABEL_PX) return { labelPx, warning: null };
  return {
    labelPx,
    warning:
      `this diagram is too big to read on a slide: its labels would be drawn at ${labelPx} px (at least ${MIN_LABEL_PX} px reads from the back of a room). ` +
      'Split it into two or three diagrams on their own slides, or leave out detail the talk does not need.',
  };
}
