import type { Browser, Page } from 'playwright-core';
import { probeSlides } from './probeSlides.ts';
import { PROBE_PARAM, type ProbeOptions, type SlideMeasure } from './types.ts';

/** The projector's canvas: reveal's slide size, which is what the room sees. */
export const PROJECTOR = { width: 1280, height: 720 };

/** Functions handed to `page.evaluate` may be wrapped in `__name()` by esbuild's keepNames (tsx, vitest): give the page one. */
const KEEP_NAMES_SHIM = 'globalThis.__name = globalThis.__name || ((fn) => fn);';

/** Transitions and animations off: a value read mid-fade (a code line dimming) is not what the room sees. */
const STILL = '*, *::before, *::after { transition: none !important; animation: none !important; }';

export interface MeasureOptions extends Partial<ProbeOptions> {
  /** `dark`, `light` or `contrast`; the deck's own theme when left out. */
  theme?: string;
}

/** Opens a deck page in `page` at projector size, ready to walk: reveal started, fonts loaded, nothing moving. */
export async function openDeck(page: Page, deckUrl: string, theme?: string): Promise<void> {
  await page.setViewportSize(PROJECTOR);
  await page.addInitScript(KEEP_NAMES_SHIM);
  const url = new URL(deckUrl);
  url.searchParams.set(PROBE_PARAM, '');
  url.searchParams.set('transition', 'none');
  url.searchParams.set('backgroundTransition', 'none');
  if (theme) url.searchParams.set('theme', theme);
  await page.goto(url.href);
  await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
  await page.evaluate(() => document.fonts.ready);
  await page.addStyleTag({ content: STILL });
}

/** Walks every slide and fragment step of the deck at `deckUrl` in one page, and returns what it measured. */
export async function measureDeck(browser: Browser, deckUrl: string, options: MeasureOptions = {}): Promise<SlideMeasure[]> {
  const page = await browser.newPage({ viewport: PROJECTOR });
  try {
    await openDeck(page, deckUrl, options.theme);
    return await page.evaluate(probeSlides, { full: options.full ?? false, diagramSources: options.diagramSources ?? [] });
  } finally {
    await page.close();
  }
}
