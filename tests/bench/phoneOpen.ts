/**
 * How long a phone takes to open the phone page on Chromium's "Slow 4G" preset with a 4× CPU
 * slowdown: from navigation to the live slide on screen and the badge saying "live". The real server
 * on the built decks, a fresh browser context (empty cache) per run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { silentLogger } from '../../server/log.ts';
import { startBrowser } from '../helpers/browser.ts';
import { DIST } from '../helpers/build.ts';
import { startLectern } from '../helpers/lectern.ts';

/** DevTools' "Slow 4G" preset (Chromium's NetworkManager): 1.6 Mbps × 0.9 down, 750 kbps × 0.9 up, 150 ms × 3.75 latency. */
export const SLOW_4G = {
  offline: false,
  latency: 150 * 3.75,
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((750 * 1000) / 8) * 0.9,
};
export const CPU_SLOWDOWN = 4;

export interface PhoneOpenTiming {
  deck: string;
  /** Median over the runs, ms. */
  domContentLoadedMs: number;
  /** Live slide rendered and the badge says live. */
  liveMs: number;
  transferredBytes: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function measurePhoneOpen(decks: string[], runs = 3, distDir = DIST): Promise<PhoneOpenTiming[]> {
  const lectern = await startLectern({ store: 'memory', dist: distDir, log: silentLogger, quickCounters: false });
  const browser = await startBrowser();
  const results: PhoneOpenTiming[] = [];
  try {
    for (const deck of decks) {
      const dcl: number[] = [];
      const live: number[] = [];
      const bytes: number[] = [];
      for (let run = 0; run < runs; run++) {
        const context = await browser.newContext({
          viewport: { width: 390, height: 844 },
          isMobile: true,
          hasTouch: true,
        });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
        let transferred = 0;
        cdp.on(
          'Network.loadingFinished',
          (event: { encodedDataLength: number }) => (transferred += event.encodedDataLength),
        );
        const start = Date.now();
        await page.goto(`${lectern.url}/${deck}/join/`, { waitUntil: 'domcontentloaded' });
        dcl.push(Date.now() - start);
        await page.waitForFunction(
          () =>
            document.querySelector('.aud-badge')?.getAttribute('data-state') === 'live' &&
            !!document.querySelector('.aud-card.is-live'),
          undefined,
          { timeout: 60_000, polling: 50 },
        );
        live.push(Date.now() - start);
        bytes.push(transferred);
        await context.close();
      }
      results.push({ deck, domContentLoadedMs: median(dcl), liveMs: median(live), transferredBytes: median(bytes) });
    }
  } finally {
    await browser.close();
    await lectern.close();
  }
  return results;
}

/** Rows for the bench table. */
export async function phoneOpenRows(distDir = DIST): Promise<[string, string][]> {
  const decks = fs.readdirSync(distDir).filter((d) => fs.existsSync(path.join(distDir, d, 'join', 'index.html')));
  const timings = await measurePhoneOpen(decks, 3, distDir);
  return timings.map((t): [string, string] => [
    `phone page open on Slow 4G + 4× CPU (${t.deck})`,
    `${(t.liveMs / 1000).toFixed(2)} s to the live slide (DOMContentLoaded ${(t.domContentLoadedMs / 1000).toFixed(2)} s, ${(t.transferredBytes / 1024).toFixed(0)} KB over the wire)`,
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const distDir = process.argv[2] ? path.resolve(process.argv[2]) : DIST;
  for (const [name, value] of await phoneOpenRows(distDir)) console.log(`${name}: ${value}`);
}
