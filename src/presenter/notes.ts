import { isolateText } from '../shared/bidi.ts';
import type { DeckSlide } from '../shared/deckSlides.ts';
import { el } from '../shared/dom.ts';

const SIZE_KEY = 'lectern:speaker-notes-size';
const SIZES = [18, 22, 26, 32, 40];

/**
 * The current slide's speaker notes, large and scrollable, with A−/A+ (kept on this device: a tablet
 * on the lectern wants bigger type than a laptop).
 */
export function notesPanel(slides: readonly DeckSlide[]) {
  const body = el('div', { class: 'spk-notes-body', attrs: { tabindex: '0' } });
  const smaller = el('button', {
    class: 'spk-chip',
    text: 'A−',
    attrs: { type: 'button', 'aria-label': 'A− smaller notes' },
  });
  const larger = el('button', {
    class: 'spk-chip',
    text: 'A+',
    attrs: { type: 'button', 'aria-label': 'A+ larger notes' },
  });
  const element = el('section', { class: 'spk-notes', attrs: { 'aria-label': 'Speaker notes' } }, [
    el('header', { class: 'spk-panel-head' }, [
      el('h2', { text: 'Notes' }),
      el('span', { class: 'spk-chips' }, [smaller, larger]),
    ]),
    body,
  ]);
  const byKey = new Map(slides.map((slide) => [slide.key, slide]));
  let size = Number(localStorage.getItem(SIZE_KEY)) || SIZES[1]!;
  const applySize = () => body.style.setProperty('--notes-size', `${size}px`);
  const step = (by: number) => {
    const index = Math.max(0, Math.min(SIZES.length - 1, SIZES.indexOf(size) + by));
    size = SIZES[index] ?? SIZES[1]!;
    localStorage.setItem(SIZE_KEY, String(size));
    applySize();
  };
  smaller.addEventListener('click', () => step(-1));
  larger.addEventListener('click', () => step(1));
  applySize();

  let shown: string | null = null;
  return {
    element,
    show(h: number, v: number) {
      const key = `${h}.${v}`;
      if (key === shown) return;
      shown = key;
      const notes = byKey.get(key)?.notes;
      // The notes are the build's own HTML from the deck page: adopted as nodes, never re-parsed.
      const shownNotes = notes
        ? (notes.cloneNode(true) as HTMLElement)
        : el('p', { class: 'spk-muted', text: 'No notes for this slide.' });
      isolateText(shownNotes);
      body.replaceChildren(shownNotes);
      body.scrollTop = 0;
    },
  };
}
