/**
 * The speaker's pointer drawn over a slide: a laser dot, and pen strokes that fade a moment after the
 * pen lifts. Coordinates are the slide's, 0..1, so the projector, the speaker view and a phone put it at
 * the same spot whatever their size. Nothing here sends anything; pages hand it what arrives.
 */
import type { PointerPayload } from '../protocol.ts';
import { el } from './dom.ts';

const SVG = 'http://www.w3.org/2000/svg';
/** How long a stroke stays after its last point before it fades out. */
const STROKE_LINGER_MS = 1600;

export interface PointerLayer {
  element: HTMLElement;
  /** One position from the speaker. */
  show(pointer: PointerPayload): void;
  /** Takes everything off (the slide changed). */
  clear(): void;
}

export function pointerLayer(): PointerLayer {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'lectern-pointer-strokes');
  svg.setAttribute('viewBox', '0 0 1000 1000');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('aria-hidden', 'true');
  const dot = el('div', { class: 'lectern-pointer-dot' });
  dot.hidden = true;
  const element = el('div', { class: 'lectern-pointer', attrs: { 'aria-hidden': 'true' } }, [svg, dot]);

  const strokes = new Map<number, { line: SVGPolylineElement; timer: ReturnType<typeof setTimeout> }>();
  const fadeLater = (id: number) => {
    const stroke = strokes.get(id);
    if (!stroke) return;
    clearTimeout(stroke.timer);
    stroke.timer = setTimeout(() => {
      stroke.line.classList.add('is-fading');
      setTimeout(() => stroke.line.remove(), 600);
      strokes.delete(id);
    }, STROKE_LINGER_MS);
  };

  return {
    element,
    show(pointer) {
      const x = Math.min(1, Math.max(0, pointer.x));
      const y = Math.min(1, Math.max(0, pointer.y));
      dot.hidden = pointer.mode === 'off';
      dot.classList.toggle('is-pen', pointer.mode === 'pen');
      dot.style.left = `${x * 100}%`;
      dot.style.top = `${y * 100}%`;
      if (pointer.mode !== 'pen') return;
      let stroke = strokes.get(pointer.stroke);
      if (!stroke) {
        const line = document.createElementNS(SVG, 'polyline');
        line.setAttribute('class', 'lectern-pointer-stroke');
        line.setAttribute('vector-effect', 'non-scaling-stroke');
        svg.append(line);
        stroke = { line, timer: setTimeout(() => {}, 0) };
        strokes.set(pointer.stroke, stroke);
      }
      const points = stroke.line.getAttribute('points') ?? '';
      stroke.line.setAttribute('points', `${points} ${Math.round(x * 1000)},${Math.round(y * 1000)}`.trim());
      fadeLater(pointer.stroke);
    },
    clear() {
      dot.hidden = true;
      for (const { line, timer } of strokes.values()) {
        clearTimeout(timer);
        line.remove();
      }
      strokes.clear();
    },
  };
}
