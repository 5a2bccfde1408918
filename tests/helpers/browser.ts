import type { Browser } from 'playwright-core';
import { findBrowser, NO_BROWSER_HELP } from '../../src/build/findBrowser.ts';
import { launchBrowser } from '../../src/build/launchBrowser.ts';

/** The system Chromium with lectern's flags; tests need one (CI installs Debian's `chromium`). */
export function startBrowser(): Promise<Browser> {
  const executable = findBrowser();
  if (!executable) throw new Error(NO_BROWSER_HELP);
  return launchBrowser(executable);
}
