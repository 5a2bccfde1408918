import type { Browser, Page } from 'playwright-core';
import { PROBE_PARAM, type ProbeOptions, type SlideMeasure } from '../../core/layout.ts';
import { deckSettled, fontsLoaded, shownTheme, showsDeck } from '../inPage/openedDeck.ts';
import { probeSlides } from '../inPage/probeSlides.ts';

/** The projector's canvas: reveal's slide size, which is what the room sees. */
export const PROJECTOR = { width: 1280, height: 720 };

/** Functions handed to `page.evaluate` may be wrapped in `__name()` by esbuild's keepNames (tsx, vitest): give the page one. */
const KEEP_NAMES_SHIM = 'globalThis.__name = globalThis.__name || ((fn) => fn);';

/** Transitions and animations off: a value read mid-fade (a code line dimming) is not what the room sees. */
const STILL = '*, *::before, *::after { transition: none !important; animation: none !important; }';

/** The page at a deck's address shows no deck: it failed to compile, and says why itself. */
export class DeckNotShown extends Error {
  constructor(url: string) {
    super(`lectern: ${url} shows no deck (it does not compile)`);
  }
}

export interface MeasureOptions extends Partial<ProbeOptions> {
  /** `dark`, `light` or `contrast`; the deck's own theme when left out. */
  theme?: string;
  /** Only these slides, by their index in the page (the others are not walked). @defaultValue every slide */
  slides?: number[];
  /** A page already open at projector size to walk in (it is closed after). @defaultValue a new page */
  page?: Page;
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
  // A page without `.reveal` is the dev server's error page for a deck that does not compile.
  await page.waitForFunction(deckSettled, undefined, { timeout: 60_000 });
  if (!(await page.evaluate(showsDeck))) throw new DeckNotShown(deckUrl);
  await page.evaluate(fontsLoaded);
  const shown = await page.evaluate(shownTheme);
  if (theme && shown !== theme) throw new Error(`lectern: ${deckUrl} shows the ${shown} theme, not ${theme}`);
  await page.addStyleTag({ content: STILL });
}

/** Walks every slide and fragment step of the deck at `deckUrl` in one page, and returns what it measured. */
export async function measureDeck(
  browser: Browser,
  deckUrl: string,
  options: MeasureOptions = {},
): Promise<SlideMeasure[]> {
  let opened = options.page;
  for (let attempt = 1; ; attempt++) {
    const page = opened ?? (await browser.newPage({ viewport: PROJECTOR }));
    opened = undefined;
    try {
      await openDeck(page, deckUrl, options.theme);
      return await page.evaluate(probeSlides, {
        full: options.full ?? false,
        diagramSources: options.diagramSources ?? [],
        ...(options.slides ? { slides: options.slides } : {}),
      });
    } catch (error) {
      // Vite's dev server reloads its pages when it has bundled a dependency it just discovered: walk again.
      const reloaded = /context was destroyed|navigat/i.test((error as Error).message ?? '');
      if (!reloaded || attempt >= 3) throw error;
    } finally {
      await page.close();
    }
  }
}
