/**
 * How long a phone takes to open the phone page on a slow mobile network with a 4× CPU slowdown: from
 * navigation to the live slide on screen (its card painted: the card the server draws into the join
 * page, or the one the page script builds), and to the badge saying "live" (the socket joined); and how many bytes came over the wire before the live card showed. The real server
 * on the built decks, a fresh browser context (empty cache) per run, the talk on a slide past the
 * middle of the deck.
 *
 * Two network profiles: the issue's Slow 4G (150 ms round trip, 1.6 Mbps down, 0.75 Mbps up), the
 * target; and DevTools' "Slow 4G" preset, which multiplies the latency by 3.75 and the bandwidth by 0.9.
 */
import fs from 'node:fs';
import path from 'node:path';
import { io as ioClient } from 'socket.io-client';
import { createApp } from '../../server/app.ts';
import { silentLogger } from '../../server/log.ts';
import { createMemoryStore } from '../../server/store/memory.ts';
import { startBrowser } from '../helpers/browser.ts';
import { DIST } from '../helpers/build.ts';

export interface NetworkProfile {
  name: string;
  offline: false;
  latency: number;
  downloadThroughput: number;
  uploadThroughput: number;
}

/** The Slow 4G: 150 ms RTT, 1.6 Mbps down, 0.75 Mbps up. */
export const SLOW_4G: NetworkProfile = {
  name: 'Slow 4G: 150 ms RTT, 1.6/0.75 Mbps',
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1000 * 1000) / 8,
  uploadThroughput: (750 * 1000) / 8,
};
/** DevTools' "Slow 4G" preset (Chromium's NetworkManager): 1.6 Mbps × 0.9 down, 750 kbps × 0.9 up, 150 ms × 3.75 latency. */
export const DEVTOOLS_SLOW_4G: NetworkProfile = {
  name: "DevTools' Slow 4G preset: 562 ms RTT, 1.44/0.68 Mbps",
  offline: false,
  latency: 150 * 3.75,
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((750 * 1000) / 8) * 0.9,
};
export const CPU_SLOWDOWN = 4;

export interface PhoneOpenTiming {
  deck: string;
  profile: string;
  /** Medians over the runs, ms from navigation. */
  domContentLoadedMs: number;
  /** The live slide's card painted. */
  liveCardMs: number;
  /** The badge says live: the socket joined the talk. */
  connectedMs: number;
  /** Bytes over the wire (encoded, headers included) until the live card showed. */
  bytesBeforeLiveCard: number;
  transferredBytes: number;
}

/** In the page: the time the live card is first painted (the frame after the one that found it). */
const WATCH_LIVE_CARD = `
const look = () => {
  const card = document.querySelector('.aud-card.is-live');
  if (!card || card.hidden) return requestAnimationFrame(look);
  requestAnimationFrame(() => { window.__liveCard = { at: performance.now(), wall: performance.timeOrigin + performance.now() }; });
};
requestAnimationFrame(look);`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function measurePhoneOpen(
  decks: string[],
  profiles: NetworkProfile[] = [SLOW_4G, DEVTOOLS_SLOW_4G],
  runs = 3,
  distDir = DIST,
): Promise<PhoneOpenTiming[]> {
  const token = 'bench-token-phone-open';
  const app = await createApp({ store: createMemoryStore(), presenterToken: token, distDir, log: silentLogger });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = app.httpServer.address() as { port: number };
  const origin = `http://127.0.0.1:${port}`;
  const browser = await startBrowser();
  const results: PhoneOpenTiming[] = [];
  try {
    for (const deck of decks) {
      // The talk well under way: a phone joining late has the most slides before the live one.
      const slides = (
        JSON.parse(fs.readFileSync(path.join(distDir, deck, 'manifest.json'), 'utf8')) as {
          slides: { h: number; v: number }[];
        }
      ).slides;
      const live = slides[Math.floor((slides.length * 2) / 3)]!;
      const presenter = ioClient(origin, {
        auth: { deck, role: 'presenter', clientId: 'bench-presenter', token },
        transports: ['websocket'],
        forceNew: true,
      });
      await new Promise((resolve) => presenter.once('snapshot', resolve));
      await new Promise((resolve) => presenter.emit('slide:set', { h: live.h, v: live.v, f: -1 }, resolve));
      presenter.disconnect();
      for (const profile of profiles) {
        const dcl: number[] = [];
        const liveCard: number[] = [];
        const connected: number[] = [];
        const before: number[] = [];
        const bytes: number[] = [];
        for (let run = 0; run < runs; run++) {
          const context = await browser.newContext({
            viewport: { width: 390, height: 844 },
            isMobile: true,
            hasTouch: true,
          });
          const page = await context.newPage();
          await page.addInitScript({ content: WATCH_LIVE_CARD });
          const cdp = await context.newCDPSession(page);
          await cdp.send('Network.enable');
          await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
          const { name: _name, ...conditions } = profile;
          await cdp.send('Network.emulateNetworkConditions', conditions);
          await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
          // Each chunk as it arrives, on the browser's clock; the first request's wall time maps it to the page's.
          const chunks: { at: number; bytes: number }[] = [];
          let clock: { monotonic: number; wall: number } | null = null;
          cdp.on('Network.requestWillBeSent', (event: { timestamp: number; wallTime: number }) => {
            clock ??= { monotonic: event.timestamp, wall: event.wallTime };
          });
          cdp.on('Network.dataReceived', (event: { timestamp: number; encodedDataLength: number }) =>
            chunks.push({ at: event.timestamp, bytes: event.encodedDataLength }),
          );
          let transferred = 0;
          cdp.on(
            'Network.loadingFinished',
            (event: { encodedDataLength: number }) => (transferred += event.encodedDataLength),
          );
          const start = Date.now();
          await page.goto(`${origin}/${deck}/join/`, { waitUntil: 'domcontentloaded' });
          dcl.push(Date.now() - start);
          await page.waitForFunction(() => !!(window as unknown as { __liveCard?: unknown }).__liveCard, undefined, {
            timeout: 60_000,
          });
          await page.waitForFunction(
            () => document.querySelector('.aud-badge')?.getAttribute('data-state') === 'live',
            undefined,
            { timeout: 60_000, polling: 50 },
          );
          const marks = await page.evaluate(() => ({
            card: (window as unknown as { __liveCard: { at: number; wall: number } }).__liveCard,
            // The badge turned live at most one poll ago: the page's own clock, not the round trip to here.
            now: performance.now(),
          }));
          liveCard.push(marks.card.at);
          connected.push(marks.now);
          const shownAt = clock
            ? (clock as { monotonic: number; wall: number }).monotonic +
              (marks.card.wall / 1000 - (clock as { wall: number }).wall)
            : Infinity;
          before.push(chunks.filter((chunk) => chunk.at <= shownAt).reduce((sum, chunk) => sum + chunk.bytes, 0));
          // Let the rest of the deck arrive for the total.
          await page.waitForLoadState('networkidle').catch(() => {});
          bytes.push(transferred);
          await context.close();
        }
        results.push({
          deck,
          profile: profile.name,
          domContentLoadedMs: median(dcl),
          liveCardMs: median(liveCard),
          connectedMs: median(connected),
          bytesBeforeLiveCard: median(before),
          transferredBytes: median(bytes),
        });
      }
    }
  } finally {
    await browser.close();
    await app.close();
  }
  return results;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

/** Rows for the bench table: per deck, the issue's profile (the target) and DevTools' preset beside it. */
export async function phoneOpenRows(distDir = DIST): Promise<[string, string][]> {
  const decks = fs.readdirSync(distDir).filter((d) => fs.existsSync(path.join(distDir, d, 'join', 'index.html')));
  const timings = await measurePhoneOpen(decks, [SLOW_4G, DEVTOOLS_SLOW_4G], 3, distDir);
  return timings.map((t): [string, string] => [
    `phone page open, ${t.profile}, ${CPU_SLOWDOWN}× CPU (${t.deck})`,
    `${seconds(t.liveCardMs)} to the live slide, ${kb(t.bytesBeforeLiveCard)} before it${
      t.profile === SLOW_4G.name ? ' (target ≤ 0.8 s, ≤ 70 KB)' : ''
    }; joined ${seconds(t.connectedMs)}; DOMContentLoaded ${seconds(t.domContentLoadedMs)}; ${kb(t.transferredBytes)} in all`,
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const distDir = process.argv[2] ? path.resolve(process.argv[2]) : DIST;
  for (const [name, value] of await phoneOpenRows(distDir)) console.log(`${name}: ${value}`);
}
