import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../server/http/securityHeaders.ts';
import { lectern } from '../../src/build/vitePlugin.ts';
import { startBrowser } from '../helpers/browser.ts';
import { PROJECT_ROOT } from '../helpers/build.ts';

const slides = mkdtempSync(join(tmpdir(), 'lectern-dev-'));
const deckFile = join(slides, 'live', 'deck.md');
let browser: Browser;
let server: ViteDevServer;
let url: string;

beforeAll(async () => {
  mkdirSync(join(slides, 'live'));
  writeFileSync(deckFile, '---\ntitle: Live edits\n---\n# First draft\n');
  server = await createServer({
    root: PROJECT_ROOT,
    configFile: false,
    logLevel: 'silent',
    plugins: [lectern({ slidesDir: slides })],
    server: { host: '127.0.0.1', port: 0, watch: { usePolling: true, interval: 100 } },
  });
  await server.listen();
  url = server.resolvedUrls!.local[0]!;
  browser = await startBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(slides, { recursive: true, force: true });
});

describe('npm run dev', () => {
  it("reloads the deck when a slide changes, and shows a broken deck in Vite's overlay", async () => {
    const page = await browser.newPage();
    await page.goto(`${url}live/`);
    await expect.poll(() => page.locator('.present h1').textContent(), { timeout: 20_000 }).toBe('First draft');

    writeFileSync(deckFile, '---\ntitle: Live edits\n---\n# Second draft\n');
    await expect
      .poll(
        () =>
          page
            .locator('.present h1')
            .textContent()
            .catch(() => null),
        { timeout: 20_000 },
      )
      .toBe('Second draft');

    writeFileSync(deckFile, '---\ntitle: Live edits\n---\n# Broken\n\n::: sidebar\nx\n:::\n');
    const overlay = () =>
      page
        .evaluate(() => document.querySelector('vite-error-overlay')?.shadowRoot?.textContent ?? null)
        .catch(() => null);
    await expect.poll(overlay, { timeout: 20_000 }).toMatch(/deck\.md:6: unknown block "sidebar"/);
  });

  it('sends the CSP `lectern start` sends, so a script written in a slide runs no more while writing', async () => {
    mkdirSync(join(slides, 'trusting'));
    writeFileSync(
      join(slides, 'trusting', 'deck.md'),
      '---\ntitle: Trusted HTML\nhtml: trusted\n---\n# Scripted\n\n<script>document.title = "ran"</script>\n',
    );
    const page = await browser.newPage();
    const response = await page.goto(`${url}trusting/`);
    expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    await expect.poll(() => page.locator('.present h1').textContent(), { timeout: 20_000 }).toBe('Scripted');
    expect(await page.title()).not.toBe('ran');
    await page.close();
  });

  it('lays the deck out at projector size and shows what overflows its slide in the overlay, at file and line', async () => {
    mkdirSync(join(slides, 'long'));
    const code = Array.from({ length: 60 }, (_, i) => `let line${i + 1} = ${i + 1};`).join('\n');
    writeFileSync(
      join(slides, 'long', 'deck.md'),
      `---\ntitle: Too long\n---\n# Sixty lines\n\n\`\`\`js\n${code}\n\`\`\`\n`,
    );
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${url}long/`);
    const overlay = () =>
      page
        .evaluate(() => document.querySelector('vite-error-overlay')?.shadowRoot?.textContent ?? null)
        .catch(() => null);
    await expect
      .poll(overlay, { timeout: 60_000 })
      .toMatch(/long\/deck\.md:6: this code block needs 60 lines; \d+ fit: split it/);
    await page.close();
  }, 90_000);
});
