/**
 * The speaker view's panels on the laptops speakers bring, with the seed deck's five polls: every panel
 * keeps its content inside it, so the timer's section strip never slides under the polls.
 */
import { describe, expect, it } from 'vitest';
import { roomInBrowser } from '../helpers/roomInBrowser.ts';

const DECK = 'advanced-kubernetes';
const LAPTOPS = [
  { width: 1440, height: 900 },
  { width: 1366, height: 768 },
  { width: 1280, height: 800 },
];
const room = roomInBrowser();

describe('the speaker view on a laptop', () => {
  it.each(LAPTOPS)('keeps every panel whole at $width×$height: nothing spills into the next', async (viewport) => {
    const page = await room.browser.newPage({ viewport });
    try {
      await page.goto(`${room.server.url}/${DECK}/speaker/#token=${room.server.token}`);
      await expect.poll(() => page.locator('.spk-poll').count()).toBeGreaterThan(0);
      const spilled = await page.evaluate(() =>
        [
          ...document.querySelectorAll<HTMLElement>(
            '.spk-now, .spk-next, .spk-notes, .spk-time, .spk-polls, .spk-questions',
          ),
        ]
          .filter((panel) => getComputedStyle(panel).overflowY === 'visible')
          .filter((panel) => panel.scrollHeight > panel.clientHeight + 1)
          .map((panel) => `${panel.className}: ${panel.scrollHeight} px of content in ${panel.clientHeight} px`),
      );
      expect(spilled).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
