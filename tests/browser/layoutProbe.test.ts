import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSlides } from '../../src/build/inPage/probeSlides.ts';
import type { SlideMeasure } from '../../src/core/layout.ts';
import { startBrowser } from '../helpers/browser.ts';

/**
 * The slide walk measured against a page whose every size and colour is known, so a figure the design
 * test prints can be trusted: a stand-in for reveal (one slide, no fragments) and plain inline styles.
 */
const lines = Array.from({ length: 10 }, (_, i) =>
  i === 0
    ? '<span class="line hl" data-line="1" style="display:block;color:#767676">lit line</span>'
    : `<span class="line" data-line="${i + 1}" style="display:block;color:#000000;opacity:0.3">dimmed line ${i + 1}</span>`,
).join('');
const items = Array.from(
  { length: 30 },
  (_, i) => `<li style="font-size:30px;line-height:36px">item ${i + 1}</li>`,
).join('');

const PAGE = `<!doctype html><html><body style="margin:0;background:#ffffff;color:#000000">
<div class="reveal" style="position:relative;width:1280px;height:720px">
  <div class="slides" style="position:absolute;left:0;top:0;width:1280px;height:720px">
    <section style="position:absolute;inset:0;display:block">
      <h2 data-source-line="3" style="font-size:40px;margin:0">A title</h2>
      <p data-source-line="5" style="font-size:20px;margin:0">Body text at twenty pixels</p>
      <figure style="margin:0"><figcaption style="font-size:18px">A caption</figcaption></figure>
      <div style="transform:scale(0.5);transform-origin:0 0;width:400px;height:20px"><p data-source-line="6" style="font-size:36px;margin:0;width:400px">Scaled to half</p></div>
      <pre class="code has-highlights" data-source-line="7" data-line-steps="[[1]]" style="font:20px/24px monospace;height:120px;overflow:hidden;margin:0;padding:0;background:#ffffff">${lines}</pre>
      <ul data-source-line="20" style="margin:0">${items}</ul>
    </section>
  </div>
  <div class="slide-number" style="position:absolute;right:0;bottom:0;width:80px;height:20px;font-size:13px">1 / 1</div>
  <aside class="controls"><button class="navigate-right" aria-label="next slide" style="position:absolute;right:10px;bottom:10px;width:30px;height:30px"></button></aside>
</div>
<script>
  const slides = () => [...document.querySelectorAll('.slides > section')];
  window.Reveal = {
    getSlides: slides,
    getIndices: (slide) => ({ h: slide ? slides().indexOf(slide) : 0, v: 0 }),
    slide() {},
    availableFragments: () => ({ prev: false, next: false }),
    nextFragment: () => false,
    getConfig: () => ({ width: 1280, height: 720 }),
  };
</script>
</body></html>`;

let browser: Browser;
let page: Page;
let slide: SlideMeasure;
beforeAll(async () => {
  browser = await startBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.setContent(PAGE);
  await page.evaluate('globalThis.__name = globalThis.__name || ((fn) => fn)');
  slide = (await page.evaluate(probeSlides, { full: true }))[0]!;
});
afterAll(async () => {
  await browser?.close();
});

describe('the slide walk', () => {
  it('reads the smallest text of each role, as drawn, with its deck line', () => {
    const size = (role: string) => slide.texts.find((text) => text.role === role);
    expect(size('title')).toMatchObject({ px: 40, line: 3 });
    // The 36 px paragraph inside a half-scale box is drawn at 18 px: smaller than the 20 px one.
    expect(size('body')).toMatchObject({ px: 18, line: 6 });
    expect(size('caption')).toMatchObject({ px: 18 });
    expect(size('code')).toMatchObject({ px: 20, line: 7 });
    expect(size('chrome')).toMatchObject({ px: 13 });
  });

  it('measures a dimmed code line faded over its box, and a lit one at its own colour', () => {
    const dimmed = slide.contrast.find((miss) => miss.kind === 'code-dimmed');
    // Black at 30% over white draws #b3b3b3: 2.1:1 against white.
    expect(dimmed?.colors).toBe('#b3b3b3 on #ffffff');
    expect(dimmed?.ratio).toBeCloseTo(2.1, 1);
    // #767676 on white is 4.54:1, just above the 4.5:1 floor.
    expect(slide.contrast.some((miss) => miss.kind === 'code-lit')).toBe(false);
  });

  it('says how much of a clipped code block and an overlong list fit', () => {
    expect(slide.overflows).toContainEqual({
      line: 7,
      step: 0,
      message: 'this code block needs 10 lines; 5 fit: split it',
    });
    const list = slide.overflows.find((overflow) => overflow.line === 20);
    expect(list?.message).toMatch(/^this list has 30 items; \d+ fit$/);
    expect(Number(/; (\d+) fit/.exec(list!.message)![1])).toBeLessThan(30);
  });

  it('sees the counter drawn over an arrow', () => {
    expect(slide.chromeOverlap).toMatch(/overlaps the "next slide" arrow/);
  });
});
