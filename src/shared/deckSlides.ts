/** One pre-rendered slide of the deck, lifted out of the deck page. */
export interface DeckSlide {
  h: number;
  v: number;
  /** `h.v`, as in the slide's `data-slide`. */
  key: string;
  /** The slide's `<section>`, detached, speaker notes removed. Trusted: it is the build's own output. */
  section: HTMLElement;
  /** The speaker notes, if the slide has any. */
  notes: HTMLElement | null;
}

export const slideKey = (h: number, v: number): string => `${h}.${v}`;

/**
 * The slides as the build rendered them (diagrams already drawn as SVG), taken from the deck page's
 * HTML. Parsed with DOMParser, which runs no script and loads nothing: the pages that use this show
 * slides without reveal.js or Mermaid.
 */
export function parseDeckSlides(html: string, into: Document = document): DeckSlide[] {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const slides: DeckSlide[] = [];
  for (const section of parsed.querySelectorAll<HTMLElement>('section.slide[data-slide]')) {
    const [h, v] = (section.dataset.slide ?? '').split('.').map(Number);
    if (!Number.isInteger(h) || !Number.isInteger(v)) continue;
    section.querySelectorAll('script').forEach((script) => script.remove());
    const notes = section.querySelector<HTMLElement>('aside.notes');
    notes?.remove();
    slides.push({
      h: h!,
      v: v!,
      key: slideKey(h!, v!),
      section: into.adoptNode(section),
      notes: notes ? into.adoptNode(notes) : null,
    });
  }
  return slides.sort((a, b) => a.h - b.h || a.v - b.v);
}

/**
 * Fetches the deck page (same origin, `../` from the phone and speaker pages) and takes its slides.
 * Retries a few times: on a crowded access point the first request may well fail.
 */
export async function loadDeckSlides(url = '../', attempts = 4): Promise<DeckSlide[]> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`the deck page answered ${response.status}`);
      return parseDeckSlides(await response.text());
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
    }
  }
  throw lastError instanceof Error ? lastError : new Error('could not load the slides');
}
