/**
 * `lectern dev` as a speaker uses it while writing: the real command in a talk folder, the speaker view
 * and a phone in Chromium. Saving deck.md reloads both pages; the room (slide, open poll, the phone's
 * ballot) is still there after the reload.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowser } from '../helpers/browser.ts';
import { PROJECT_ROOT } from '../helpers/build.ts';
import { type RunningTalk, startLectern } from './talkFolder.ts';

const TOKEN = 'dev-test-token-0123456789';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;
const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const CLI = path.join(PROJECT_ROOT, 'cli', 'main.ts');

const deckSource = (second: string) => `---
title: Live edits
---
# First draft

---

# ${second}

---

::: quiz Which one is right?
- [ ] This one
- [x] That one

Why: it is.
:::
`;

let folder: string;
let deckFile: string;
let talk: RunningTalk;
let browser: Browser;
let speaker: Page;
let phone: Page;

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-dev-talk-'));
  deckFile = path.join(folder, 'slides', 'live', 'deck.md');
  fs.mkdirSync(path.dirname(deckFile), { recursive: true });
  fs.writeFileSync(deckFile, deckSource('Second slide'));
  // A second deck whose code block cannot fit: the layout walk reports it in the overlay.
  const long = path.join(folder, 'slides', 'long', 'deck.md');
  fs.mkdirSync(path.dirname(long), { recursive: true });
  fs.writeFileSync(
    long,
    `---\ntitle: Long\n---\n\n# Long\n\n\`\`\`python\n${Array.from({ length: 80 }, (_, i) => `x${i} = ${i}`).join('\n')}\n\`\`\`\n`,
  );
  // An image beside the deck: served in dev, unlike the deck's source.
  fs.writeFileSync(path.join(folder, 'slides', 'live', 'picture.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  talk = await startLectern(
    ['dev', '--port', '0', '--host', '127.0.0.1'],
    folder,
    { LECTERN_PRESENTER_TOKEN: TOKEN },
    TSX,
    [CLI],
  );
  browser = await startBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await talk?.stop();
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

const text = (page: Page, selector: string) => page.locator(selector).first().innerText();
const phoneLive = () => phone.locator('.aud-card.is-live').getAttribute('data-slide');
const choice = (index: number) => phone.locator(`.aud-card[data-slide="2.0"] .aud-choice[data-choice="${index}"]`);

describe('lectern dev', () => {
  it('runs the room: the speaker view drives a phone, which votes', async () => {
    expect(talk.output()).not.toContain('EADDRINUSE');
    speaker = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await speaker.goto(`${talk.url}/live/speaker/#token=${TOKEN}`);
    await expect.poll(() => text(speaker, '.spk-topbar .aud-badge'), { timeout: 60_000 }).toBe('LIVE');

    phone = await (await browser.newContext(PHONE)).newPage();
    await phone.goto(`${talk.url}/live/join/`);
    await expect.poll(() => text(phone, '.aud-badge'), { timeout: 30_000 }).toBe('LIVE');
    await expect.poll(() => phoneLive()).toBe('0.0');

    await speaker.keyboard.press('ArrowRight');
    await expect.poll(() => phoneLive()).toBe('1.0');
    await speaker.keyboard.press('ArrowRight');
    await expect.poll(() => phoneLive()).toBe('2.0');
    await speaker.locator('.spk-poll').getByRole('button', { name: 'Open voting' }).click();
    await expect.poll(() => choice(1).isEnabled()).toBe(true);
    await choice(1).tap();
    await expect
      .poll(() => text(phone, '.aud-card[data-slide="2.0"] .aud-choice[data-choice="1"] .aud-choice-mark'))
      .toBe('✓ SAVED');
    await expect.poll(() => text(speaker, '.spk-poll .spk-voters')).toBe('1 ANSWER');
  });

  it('serves the pages and images, never the quiz answers: deck.md, a manifest, the rehearsal data', async () => {
    const status = async (pathname: string) => (await fetch(`${talk.url}${pathname}`)).status;
    expect(await status('/live/join/')).toBe(200);
    expect(await status('/slides/live/picture.svg')).toBe(200);
    for (const pathname of [
      '/slides/live/deck.md',
      '/live/manifest.json',
      '/dist/live/manifest.json',
      '/.lectern/dev.sqlite',
      '/package.json',
    ]) {
      expect(await status(pathname), pathname).toBeGreaterThanOrEqual(400);
    }
  });

  it('lays a deck out as it opens and shows what does not fit in the overlay, at file and line', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    try {
      await page.goto(`${talk.url}/long/`);
      const overlay = () =>
        page
          .evaluate(() => document.querySelector('vite-error-overlay')?.shadowRoot?.textContent ?? null)
          .catch(() => null);
      await expect
        .poll(overlay, { timeout: 30_000 })
        .toMatch(/slides\/long\/deck\.md:7: this code block needs 80 lines/);
    } finally {
      await page.close();
    }
  });

  it("saving deck.md reloads the pages; the room stays: same slide, poll open, the phone's ballot kept", async () => {
    // A flag on each page that only a reload clears.
    for (const page of [speaker, phone])
      await page.evaluate(() => ((window as { beforeEdit?: boolean }).beforeEdit = true));
    fs.writeFileSync(deckFile, deckSource('Second slide, edited'));

    for (const page of [speaker, phone]) {
      await expect
        .poll(() => page.evaluate(() => (window as { beforeEdit?: boolean }).beforeEdit ?? false).catch(() => true), {
          timeout: 30_000,
        })
        .toBe(false);
    }
    await expect
      .poll(() => text(phone, '.aud-card[data-slide="1.0"]'), { timeout: 20_000 })
      .toContain('Second slide, edited');
    await expect.poll(() => text(phone, '.aud-badge'), { timeout: 20_000 }).toBe('LIVE');
    await expect.poll(() => text(speaker, '.spk-topbar .aud-badge'), { timeout: 20_000 }).toBe('LIVE');
    expect(await phoneLive()).toBe('2.0');
    await expect.poll(() => choice(1).getAttribute('aria-pressed')).toBe('true');
    expect(await choice(1).isEnabled()).toBe(true);
    await expect.poll(() => text(speaker, '.spk-poll .spk-voters')).toBe('1 ANSWER');
  });
});
