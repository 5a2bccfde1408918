/**
 * Prints the report after a talk to PDF: the built report page (`dist/<deck>/report/`), handed the
 * report before its script runs, so the PDF is the page the speaker sees, drawn by the same code, with
 * its print stylesheet (A4, blocks kept whole).
 */
import type { Browser } from 'playwright-core';
import type { TalkReport } from '../../src/protocol.ts';
import { ExportError } from './errors.ts';
import { fontsReady, handReport } from './inPage/reportReady.ts';
import type { Step } from './progress.ts';

const READY_TIMEOUT_MS = 30_000;

export async function printReport(
  browser: Browser,
  request: { origin: string; deck: string; report: TalkReport },
  step: (step: Step) => void,
): Promise<{ pdf: Buffer; printMs: number }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  try {
    step('open');
    // Runs before the page's own script, outside its content security policy (DevTools protocol).
    await page.addInitScript(handReport, request.report);
    const response = await page.goto(`${request.origin}/${request.deck}/report/`);
    if (!response?.ok())
      throw new ExportError(`dist/${request.deck}/report/ is missing: build the deck again (lectern build)`);
    step('wait');
    await page.waitForSelector('body[data-ready]', { timeout: READY_TIMEOUT_MS });
    await page.evaluate(fontsReady);
    step('print');
    const started = performance.now();
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    return { pdf, printMs: performance.now() - started };
  } finally {
    await page.close();
  }
}
