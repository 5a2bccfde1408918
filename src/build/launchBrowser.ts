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
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, args: CHROME_FLAGS, headless: true });
}
