import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';

/**
 * Flags that keep a headless Chromium quiet on a machine with no internet.
 * Playwright adds a fresh, temporary `--user-data-dir` to every launch itself
 * (and refuses one passed here), so no profile is ever shared or left behind.
 */
export const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Starts the system browser found by `findBrowser`. Playwright is loaded here, on the first launch: it
 * costs a second and tens of MB to import, and a build whose diagrams and layout are cached needs no browser.
 */
export async function launchBrowser(executablePath: string): Promise<Browser> {
  // Required rather than imported: Playwright is CommonJS, and importing it from ES modules has Node scan
  // its sources for their exports first, which took longer than loading it (0.5–0.8 s of a build).
  const { chromium } = createRequire(import.meta.url)('playwright-core') as typeof import('playwright-core');
  return chromium.launch({ executablePath, args: CHROME_FLAGS, headless: true });
}
