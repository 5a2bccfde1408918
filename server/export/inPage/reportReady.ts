/**
 * The report page's side of printing it: the report handed over before the page's script runs, and
 * the wait until the page has drawn it. Passed to Playwright, so each stands alone: no imports at run
 * time, no closures.
 */
import type { TalkReport } from '../../../src/protocol.ts';

/** An init script: the page's own script finds the report on `window` instead of fetching it. */
export function handReport(report: TalkReport): void {
  Object.assign(window, { lecternReport: report });
}

export async function fontsReady(): Promise<void> {
  await document.fonts.ready;
}
