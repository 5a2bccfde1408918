/**
 * A deck of camera-sized photos and a clip, built as `lectern build` builds it: the photos become WebP
 * variants offered through `srcset` (never the 3000-px PNG), the build says when they still weigh too
 * much, a phone joining at slide 0 loads no photo at all, and Chromium plays the clip through byte ranges.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { io as ioClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTalk } from '../../src/build/buildTalk.ts';
import { startBrowser } from '../helpers/browser.ts';
import { PROJECT_ROOT } from '../helpers/build.ts';
import { type Lectern, startLectern } from '../helpers/lectern.ts';

const talk = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-media-'));
const dist = path.join(talk, 'dist');
let browser: Browser;
let server: Lectern;
let warned = '';

/** A photo as a camera gives it: large, and full of detail that compresses badly. */
async function photo(file: string, hue: number): Promise<void> {
  await sharp({
    create: {
      width: 3000,
      height: 2000,
      channels: 3,
      background: { r: hue, g: 120, b: 255 - hue },
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .png({ compressionLevel: 1 })
    .toFile(file);
}

beforeAll(async () => {
  const deck = path.join(talk, 'slides', 'media');
  fs.cpSync(path.join(PROJECT_ROOT, 'tests/fixtures/media'), deck, { recursive: true });
  await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => photo(path.join(deck, `photo-${n}.png`), n * 30)));
  const warn = vi.spyOn(console, 'warn').mockImplementation((...args) => {
    warned += `${args.join(' ')}\n`;
  });
  try {
    await buildTalk(talk, { outDir: dist, say: () => {} });
  } finally {
    warn.mockRestore();
  }
  server = await startLectern({ dist, quickCounters: false });
  browser = await startBrowser();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(talk, { recursive: true, force: true });
});

const assets = () => fs.readdirSync(path.join(dist, 'assets'));

describe('images in the build', () => {
  it('are resized into WebP variants for each screen, and the camera original is not shipped', () => {
    const original = fs.statSync(path.join(talk, 'slides/media/photo-1.png')).size;
    for (const n of [1, 2, 3, 4, 5, 6, 7])
      for (const width of [1080, 1920])
        expect(assets(), `photo-${n}-${width}`).toContainEqual(
          expect.stringMatching(new RegExp(`^photo-${n}-${width}-.*\\.webp$`)),
        );
    expect(assets().filter((file) => file.endsWith('.png'))).toEqual([]);
    const largest = fs.statSync(
      path.join(dist, 'assets', assets().find((file) => file.startsWith('photo-1-1920'))!),
    ).size;
    expect(largest).toBeLessThan(original / 4);
  });

  it('offers the variants through srcset, Markdown and raw HTML images alike', () => {
    const html = fs.readFileSync(path.join(dist, 'media', 'index.html'), 'utf8');
    const images = [...html.matchAll(/<img [^>]*>/g)].map((match) => match[0]);
    expect(images).toHaveLength(7);
    for (const image of images) {
      expect(image).toMatch(/ src="\/assets\/photo-\d-1920-[^"]+\.webp"/);
      expect(image).toMatch(
        / srcset="\/assets\/photo-\d-1080-[^" ]+\.webp 1080w, \/assets\/photo-\d-1920-[^" ]+\.webp 1920w"/,
      );
    }
    expect(html).toMatch(/<img src="\/assets\/photo-3-1920-[^>]* alt="The crowd at the break" width="480">/);
  });

  it('says when the images still weigh more than 5 MB, at the heaviest one', () => {
    expect(warned).toMatch(
      /slides\/media\/deck\.md:\d+: this deck's images weigh [\d.]+ MB even resized, over 5\.0 MB/,
    );
  });

  it('plays a clip given with image syntax, and bundles raw <video><source>', () => {
    const html = fs.readFileSync(path.join(dist, 'media', 'index.html'), 'utf8');
    expect(html).toMatch(
      /<video class="media" src="\/assets\/clip-[^"]+\.webm" controls preload="metadata" playsinline aria-label="A rollout, eight seconds"><\/video>/,
    );
    expect(html).toMatch(/<source src="\/assets\/clip-[^"]+\.webm" type="video\/webm">/);
    expect(html).not.toContain('/slides/media/');
  });
});

describe('a phone joining at slide 0 of an image deck', () => {
  it('loads no photo until its card comes near the screen, then the phone-sized one', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 3,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const loaded: Array<{ url: string; bytes: number }> = [];
    page.on('requestfinished', async (request) => {
      const sizes = await request.sizes().catch(() => null);
      loaded.push({ url: request.url(), bytes: sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0 });
    });
    await page.goto(`${server.url}/media/join/`);
    await page.locator('.aud-card').first().waitFor();
    await page.waitForLoadState('networkidle');
    const total = loaded.reduce((sum, request) => sum + request.bytes, 0);
    const photos = loaded.filter((request) => /photo-/.test(request.url));
    console.log(`phone at slide 0: ${loaded.length} requests, ${total} bytes, ${photos.length} photos`);
    expect(photos).toEqual([]);
    expect(loaded.filter((request) => /clip-/.test(request.url))).toEqual([]);

    // The talk reaches the first photo: its card shows, and the photo loads in the variant a phone needs.
    const presenter = ioClient(server.url, {
      transports: ['websocket'],
      auth: { deck: 'media', role: 'presenter', clientId: 'media-test-presenter', token: server.token },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        presenter.once('connect', resolve);
        presenter.once('connect_error', reject);
      });
      await presenter.emitWithAck('slide:set', { h: 1, v: 0, f: -1 });
      const image = page.locator('.aud-card:not([hidden]) img').first();
      await expect
        .poll(() => image.evaluate((img: HTMLImageElement) => (img.complete ? img.currentSrc : '')))
        .toMatch(/photo-1-1080-/);
      expect(loaded.filter((request) => /photo-/.test(request.url)).map((request) => request.url)).toEqual([
        expect.stringMatching(/photo-1-1080-/),
      ]);
    } finally {
      presenter.close();
      await context.close();
    }
  });
});

describe('a clip on the projector', () => {
  it('plays in Chromium through byte ranges (206)', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const ranged: Array<{ range: string | undefined; status: number | undefined }> = [];
    page.on('requestfinished', async (request) => {
      if (!/clip-.*\.webm/.test(request.url())) return;
      ranged.push({ range: (await request.allHeaders()).range, status: (await request.response())?.status() });
    });
    // A deck opened without the token follows the talk: the talk goes to the clip's slide first.
    const presenter = ioClient(server.url, {
      transports: ['websocket'],
      auth: { deck: 'media', role: 'presenter', clientId: 'media-test-presenter', token: server.token },
    });
    await new Promise<void>((resolve, reject) => {
      presenter.once('connect', resolve);
      presenter.once('connect_error', reject);
    });
    await presenter.emitWithAck('slide:set', { h: 4, v: 0, f: -1 });
    presenter.close();
    await page.goto(`${server.url}/media/#/4`);
    await page.waitForSelector('section.present video', { state: 'attached' });
    const played = await page.evaluate(async () => {
      const video = document.querySelector<HTMLVideoElement>('section.present video')!;
      video.muted = true;
      await video.play();
      await new Promise((resolve) => setTimeout(resolve, 600));
      return { time: video.currentTime, error: video.error?.code ?? null, width: video.videoWidth };
    });
    expect(played.error).toBeNull();
    expect(played.width).toBe(160);
    expect(played.time).toBeGreaterThan(0);
    expect(ranged.some((request) => request.range?.startsWith('bytes=') && request.status === 206)).toBe(true);
    await page.close();
  });
});
