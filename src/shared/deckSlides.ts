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

const MEDIA = 'img, video, audio, source, track';
const MEDIA_URLS = ['src', 'srcset', 'poster'] as const;

/**
 * Keeps a slide's media URLs aside: a slide that joins the page loads its images at once, shown or not,
 * and a phone that joins at slide 0 would download every photo of the talk. `showMedia` puts them back.
 */
function deferMedia(section: HTMLElement): void {
  for (const element of section.querySelectorAll(MEDIA)) {
    for (const name of MEDIA_URLS) {
      const value = element.getAttribute(name);
      if (value === null) continue;
      element.setAttribute(`data-lectern-${name}`, value);
      element.removeAttribute(name);
    }
  }
}

/**
 * Gives a shown slide its media back: images load when near the screen (`loading="lazy"`), clips only
 * when played.
 */
export function showMedia(section: HTMLElement): void {
  for (const element of section.querySelectorAll(MEDIA_URLS.map((name) => `[data-lectern-${name}]`).join(', '))) {
    if (element instanceof HTMLImageElement) element.loading = 'lazy';
    if (element instanceof HTMLMediaElement) element.preload = 'none';
    for (const name of MEDIA_URLS) {
      const value = element.getAttribute(`data-lectern-${name}`);
      if (value === null) continue;
      element.removeAttribute(`data-lectern-${name}`);
      element.setAttribute(name, value);
    }
  }
}

/**
 * The slides as the build rendered them (diagrams already drawn as SVG), taken from the deck page's
 * HTML. Parsed with DOMParser, which runs no script and loads nothing: the pages that use this show
 * slides without reveal.js or Mermaid.
 */
export function parseDeckSlides(
  html: string,
  into: Document = document,
  options: { deferMedia?: boolean } = {},
): DeckSlide[] {
  return slidesIn(new DOMParser().parseFromString(html, 'text/html'), into, options);
}

/**
 * The slides inside an inert tree (a parsed page, a `<template>`'s content), moved into `into`: nothing
 * in the tree has run or loaded, and media wait when `deferMedia` is set.
 */
export function slidesIn(
  parsed: ParentNode,
  into: Document = document,
  options: { deferMedia?: boolean } = {},
): DeckSlide[] {
  const slides: DeckSlide[] = [];
  for (const section of parsed.querySelectorAll<HTMLElement>('section.slide[data-slide]')) {
    const [h, v] = (section.dataset.slide ?? '').split('.').map(Number);
    if (!Number.isInteger(h) || !Number.isInteger(v)) continue;
    section.querySelectorAll('script').forEach((script) => script.remove());
    if (options.deferMedia) deferMedia(section);
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
export async function loadDeckSlides(
  url = '../',
  attempts = 4,
  options: { deferMedia?: boolean } = {},
): Promise<DeckSlide[]> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`the deck page answered ${response.status}`);
      return parseDeckSlides(await response.text(), document, options);
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
    }
  }
  throw lastError instanceof Error ? lastError : new Error('could not load the slides');
}
