/**
 * The current-slide preview as a pointer pad: a mouse over it (or a finger on it) drives the laser dot
 * on the projector and the phones; with Shift or Alt held while pressing, or the Pen switch on (a
 * tablet has no keys), it draws a stroke that fades. Positions leave at most 30 times a second, the
 * latest one each time; the preview shows the same dot and strokes.
 */
import type { PointerMode, PointerPayload, SlidePosition } from '../protocol.ts';
import { el } from '../shared/dom.ts';
import { pointerLayer } from '../shared/pointerLayer.ts';

const MIN_INTERVAL_MS = 1000 / 30;

export function pointerPad(stage: HTMLElement, slide: () => SlidePosition, send: (pointer: PointerPayload) => void) {
  const layer = pointerLayer();
  stage.append(layer.element);
  stage.classList.add('is-pointer-pad');
  const penSwitch = el('button', {
    class: 'spk-chip spk-pen-switch',
    text: 'Pen',
    attrs: { type: 'button', 'aria-pressed': 'false', title: 'Draw on the slide (or hold Shift while dragging)' },
  });
  let penOn = false;
  penSwitch.addEventListener('click', () => {
    penOn = !penOn;
    penSwitch.setAttribute('aria-pressed', String(penOn));
  });

  let stroke = 0;
  let drawing = false;
  let pending: PointerPayload | null = null;
  let lastSent = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    timer = null;
    if (!pending) return;
    lastSent = performance.now();
    send(pending);
    pending = null;
  };
  const queue = (pointer: PointerPayload) => {
    layer.show(pointer);
    pending = pointer;
    // A mode change (pen lifted, pointer left) goes at once; positions wait their turn.
    const wait = pointer.mode === 'off' ? 0 : Math.max(0, lastSent + MIN_INTERVAL_MS - performance.now());
    if (wait === 0) {
      if (timer) clearTimeout(timer);
      flush();
    } else timer ??= setTimeout(flush, wait);
  };
  const at = (event: PointerEvent, mode: PointerMode): PointerPayload => {
    const box = stage.getBoundingClientRect();
    const { h, v } = slide();
    const x = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    const y = Math.min(1, Math.max(0, (event.clientY - box.top) / box.height));
    return { h, v, mode, x, y, stroke };
  };

  stage.addEventListener('pointerdown', (event) => {
    drawing = penOn || event.shiftKey || event.altKey;
    if (drawing) stroke += 1;
    stage.setPointerCapture(event.pointerId);
    queue(at(event, drawing ? 'pen' : 'laser'));
  });
  stage.addEventListener('pointermove', (event) => {
    // A mouse points by hovering; a finger or a stylus only while it touches.
    if (event.pointerType !== 'mouse' && event.buttons === 0) return;
    queue(at(event, drawing ? 'pen' : 'laser'));
  });
  const lift = (event: PointerEvent) => {
    drawing = false;
    if (event.pointerType !== 'mouse') queue(at(event, 'off'));
  };
  stage.addEventListener('pointerup', lift);
  stage.addEventListener('pointercancel', lift);
  stage.addEventListener('pointerleave', (event) => {
    if (!drawing) queue(at(event, 'off'));
  });

  return {
    penSwitch,
    /** The slide changed: strokes go, here and (by themselves) everywhere else. */
    clear: () => layer.clear(),
  };
}
