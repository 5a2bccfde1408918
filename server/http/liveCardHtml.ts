/**
 * The live slide as the phone's live card, in HTML: the join page carries it visible, in the feed's
 * place, so a phone paints the slide as soon as the page and its stylesheet arrive, before any script
 * has downloaded or run on its slow CPU. The markup is the card the phone script builds
 * (src/audience/card.ts); the script adopts it and later swaps in the whole feed.
 */
import { escapeHtml } from '../../src/compile/escape.ts';

/** Where the card goes: it takes the place of the feed container's content ("Joining the talk…"). */
const FEED_CONTAINER = /(<main id="app"[^>]*>)[\s\S]*?(<\/main>)/;

/** One opening tag and its attributes. */
const OPENING_TAG = /<([a-zA-Z][a-zA-Z0-9-]*)\b([^>]*)>/g;

/**
 * Marks the fragments of the steps up to `step` (-1: none) `visible`, in the order the phone script
 * and reveal.js use: `data-fragment-index` when present, else document order (src/shared/fragments.ts).
 * The slide is the build's own HTML, so its fragments are plain `class="…"` attributes.
 */
export function revealSteps(section: string, step: number): string {
  let next = 0;
  return section.replace(OPENING_TAG, (tag: string, name: string, attributes: string) => {
    const classes = /\sclass="([^"]*)"/.exec(attributes);
    const names = classes?.[1]?.split(/\s+/) ?? [];
    if (!classes || !names.includes('fragment')) return tag;
    const explicit = /\sdata-fragment-index="(\d+)"/.exec(attributes)?.[1];
    const index = explicit !== undefined ? Number(explicit) : next;
    next = Math.max(next, index + 1);
    if (index > step) return tag;
    return `<${name}${attributes.replace(classes[0], ` class="${names.join(' ')} visible"`)}>`;
  });
}

export interface ServedSlide {
  /** `h.v` */
  key: string;
  /** The fragment step the speaker is on (-1: none shown). */
  step: number;
  /** Its place in reading order, from 0, and the number of slides. */
  index: number;
  total: number;
  /** The slide's `<section>`, notes and scripts already taken out, its text blocks given their direction (isolateTextHtml.ts). */
  section: string;
}

/** The card's HTML, inside a feed of its own, as the phone script would draw it. */
export function liveCardHtml(slide: ServedSlide): string {
  const number = `${slide.index + 1} / ${slide.total}`;
  return (
    `<ol class="aud-feed"><li class="aud-card is-live is-served" data-slide="${escapeHtml(slide.key)}"` +
    ` data-step="${slide.step}" aria-label="Slide ${slide.index + 1} of ${slide.total}">` +
    `<div class="aud-card-head"><span class="aud-card-number">${number}</span><span class="aud-live-chip is-on">live</span></div>` +
    `<div class="reveal"><div class="slides">${revealSteps(slide.section, slide.step)}</div></div></li></ol>`
  );
}

/** The join page with the card in the feed's container, or null when the page has no such container. */
export function withLiveCard(page: string, slide: ServedSlide): string | null {
  if (!FEED_CONTAINER.test(page)) return null;
  const card = liveCardHtml(slide);
  return page.replace(FEED_CONTAINER, (_whole, open: string, close: string) => `${open}${card}${close}`);
}
