/**
 * Prints one built deck to PDF with reveal's own print view (`?print-pdf`) in a browser page.
 *
 * Page size: the print view sizes its pages from reveal's `margin` config; with `margin=0` a page is
 * exactly the slide (1280×720 CSS px, 960×540 pt) and `pdfMaxPagesPerSlide=1` keeps one page per slide
 * even when a slide overflows, so the page count is the slide count (times steps with `--fragments`).
 * With `--notes` each page grows a band under the slide for its notes, still one page per slide.
 */
import type { Browser, Page } from 'playwright-core';
import type { TalkResults } from '../../src/protocol.ts';
import { ExportError } from './errors.ts';
import { drawResults } from './inPage/drawResults.ts';
import { layOutNotes, settleCodeSteps } from './inPage/pageSetup.ts';
import { printReady } from './inPage/printReady.ts';
import type { Step } from './progress.ts';

export interface PrintRequest {
  /** `http://127.0.0.1:<port>` of the server holding the built decks. */
  origin: string;
  deck: string;
  notes: boolean;
  fragments: boolean;
  /** Drawn on the poll slides when given. */
  results: TalkResults | null;
}

export interface PrintOutcome {
  pdf: Buffer;
  /** Milliseconds in `page.pdf()` alone. */
  printMs: number;
}

/** The slide size set in `src/deck/main.ts`. */
const SLIDE = { width: 1280, height: 720 };
/** Time allowed for the page to load and lay out before the export gives up. */
const READY_TIMEOUT_MS = 60_000;

/** reveal config read from the query string (reveal parses `true`, `false` and numbers itself). */
export function printUrl(request: Pick<PrintRequest, 'origin' | 'deck' | 'notes' | 'fragments'>): string {
  const query = ['print-pdf', 'margin=0', 'pdfMaxPagesPerSlide=1', `pdfSeparateFragments=${request.fragments}`];
  if (request.notes) query.push('showNotes=true');
  return `${request.origin}/${encodeURIComponent(request.deck)}/?${query.join('&')}`;
}

/** Records reveal's `pdf-ready` (dispatched on `.reveal`, seen here in the capture phase) before any script runs. */
const INIT_SCRIPT = `
  // tsx compiles with esbuild's keepNames, which wraps functions passed to page.evaluate in __name().
  globalThis.__name = (fn) => fn;
  window.__lecternPdfReady = new Promise((resolve) => document.addEventListener('pdf-ready', () => resolve(), { capture: true, once: true }));
`;

async function waitUntilReady(page: Page): Promise<void> {
  await page.evaluate(printReady);
}

function withTimeout<T>(work: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function printDeck(
  browser: Browser,
  request: PrintRequest,
  onStep: (step: Step) => void,
): Promise<PrintOutcome> {
  const context = await browser.newContext({ viewport: SLIDE, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    await page.addInitScript(INIT_SCRIPT);
    // Only the private file server: a deck page must never reach a live talk's socket.
    await page.route(
      (url) => url.origin !== request.origin || url.pathname.startsWith('/socket.io/'),
      (route) => route.abort(),
    );
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));

    onStep('open');
    const response = await page.goto(printUrl(request), { waitUntil: 'commit', timeout: READY_TIMEOUT_MS });
    if (!response?.ok())
      throw new ExportError(`the built deck did not load: ${response?.status() ?? 'no response'} for ${request.deck}`);

    onStep('wait');
    await withTimeout(waitUntilReady(page), READY_TIMEOUT_MS, () => {
      const errors = failures.length ? `: ${failures.join('; ')}` : '';
      return new ExportError(`the deck was not ready after ${READY_TIMEOUT_MS / 1000}s${errors}`);
    });
    await page.evaluate(settleCodeSteps, request.fragments);
    if (request.notes) await page.evaluate(layOutNotes, SLIDE);
    if (request.results) await page.evaluate(drawResults, request.results);

    onStep('print');
    const started = performance.now();
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: false, tagged: false });
    return { pdf, printMs: performance.now() - started };
  } finally {
    await context.close();
  }
}
