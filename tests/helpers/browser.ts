import type { Browser, Page } from 'playwright-core';
import { findBrowser, NO_BROWSER_HELP } from '../../src/build/findBrowser.ts';
import { launchBrowser } from '../../src/build/launchBrowser.ts';

/** The system Chromium with lectern's flags; tests need one (CI installs Debian's `chromium`). */
export function startBrowser(): Promise<Browser> {
  const executable = findBrowser();
  if (!executable) throw new Error(NO_BROWSER_HELP);
  return launchBrowser(executable);
}

/**
 * The sentinel for "the page did not move": resolves after `count` more frames have been drawn. A
 * scroll the page started on the message it just handled has fired its first scroll event by then.
 */
export function afterFrames(page: Page, count = 3): Promise<void> {
  return page.evaluate(
    (n) =>
      new Promise<void>((resolve) => {
        const next = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => next(left - 1)));
        next(n);
      }),
    count,
  );
}

/** The page's scroll position once it has stopped moving (the same for a few frames in a row). */
export function scrollYAtRest(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let last = scrollY;
        let still = 0;
        const check = () => {
          still = scrollY === last ? still + 1 : 0;
          last = scrollY;
          if (still >= 3) resolve(scrollY);
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
  );
}
