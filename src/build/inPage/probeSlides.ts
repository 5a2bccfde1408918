import type {
  ContrastMiss,
  DiagramMeasure,
  Overflow,
  ProbeOptions,
  SlideMeasure,
  TextRole,
  TextSize,
} from '../../core/layout.ts';

/** What to walk: with `slides`, only those (indices into reveal's `getSlides()`, the deck's slides in page order). */
export interface SlideProbeOptions extends ProbeOptions {
  slides?: number[];
}

/**
 * Walks every slide of the deck open in this page, and every fragment step of each, with reveal's
 * API, and measures what the room would see. It runs inside the page (`page.evaluate`), so it
 * stands alone: no imports at run time, no closures over module state.
 *
 * Sizes are CSS px on reveal's 1280×720 slide, whatever the window's scale.
 */
export function probeSlides(options: SlideProbeOptions): SlideMeasure[] {
  type Rgba = [number, number, number, number];
  type Box = { left: number; top: number; right: number; bottom: number; width: number; height: number };
  interface RevealLike {
    getSlides(): HTMLElement[];
    getIndices(slide?: HTMLElement): { h: number; v: number; f?: number };
    slide(h: number, v?: number, f?: number): void;
    availableFragments(): { prev: boolean; next: boolean };
    nextFragment(): boolean;
    getConfig(): { width: number | string; height: number | string };
  }
  const deck = (window as unknown as { Reveal: RevealLike }).Reveal;
  const slidesBox = document.querySelector('.reveal .slides') as HTMLElement;
  const config = deck.getConfig();
  const slideWidth = Number(config.width) || 1280;
  const slideHeight = Number(config.height) || 720;

  // ------------------------------------------------------------------ geometry, in slide px
  let frame: Box = slidesBox.getBoundingClientRect();
  let scale = 1;
  const toSlide = (rect: DOMRect | Box): Box => ({
    left: (rect.left - frame.left) / scale,
    top: (rect.top - frame.top) / scale,
    right: (rect.right - frame.left) / scale,
    bottom: (rect.bottom - frame.top) / scale,
    width: rect.width / scale,
    height: rect.height / scale,
  });
  const boxOf = (element: Element): Box => toSlide(element.getBoundingClientRect());
  const TOLERANCE = 1;
  const round = (n: number) => Math.round(n);
  const fmt = (n: number) => round(n).toLocaleString('en-US');
  const lineOf = (element: Element | null): number | null => {
    const marked = element?.closest('[data-source-line]');
    return marked ? Number(marked.getAttribute('data-source-line')) : null;
  };
  const excerpt = (text: string) => {
    const clean = text.replace(/\s+/g, ' ').trim();
    return clean.length > 40 ? `${clean.slice(0, 39)}…` : clean;
  };
  const isShown = (element: Element): boolean => {
    const style = getComputedStyle(element);
    if (style.display === 'none' || style.visibility === 'hidden') return false;
    const rect = element.getBoundingClientRect();
    return rect.width > 0 || rect.height > 0;
  };
  /** The box inside an element's border and padding: where its content may show. */
  const contentBox = (element: Element): Box => {
    const style = getComputedStyle(element);
    const box = boxOf(element);
    const px = (value: string) => parseFloat(value) || 0;
    const left = box.left + px(style.borderLeftWidth) + px(style.paddingLeft);
    const right = box.right - px(style.borderRightWidth) - px(style.paddingRight);
    const top = box.top + px(style.borderTopWidth) + px(style.paddingTop);
    const bottom = box.bottom - px(style.borderBottomWidth) - px(style.paddingBottom);
    return { left, right, top, bottom, width: right - left, height: bottom - top };
  };
  const clips = (element: Element) => {
    const style = getComputedStyle(element);
    return style.overflowX !== 'visible' || style.overflowY !== 'visible';
  };
  /** Where a block's content can be seen: inside the slide, and inside the block itself when it clips. */
  const visibleArea = (element: Element): Box => {
    const inner = clips(element)
      ? contentBox(element)
      : { left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity, width: Infinity, height: Infinity };
    const left = Math.max(0, inner.left);
    const top = Math.max(0, inner.top);
    const right = Math.min(slideWidth, inner.right);
    const bottom = Math.min(slideHeight, inner.bottom);
    return { left, top, right, bottom, width: right - left, height: bottom - top };
  };
  const fitsVertically = (box: Box, area: Box) =>
    box.top >= area.top - TOLERANCE && box.bottom <= area.bottom + TOLERANCE;
  const textRight = (element: Element): number => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
    return rects.length ? Math.max(...rects.map((rect) => toSlide(rect).right)) : boxOf(element).left;
  };
  const spans = (numbers: number[]): string => {
    const parts: string[] = [];
    let start = numbers[0]!;
    let previous = start;
    for (const n of [...numbers.slice(1), NaN]) {
      if (n === previous + 1) {
        previous = n;
        continue;
      }
      parts.push(start === previous ? `${start}` : `${start}–${previous}`);
      start = previous = n;
    }
    return parts.join(', ');
  };

  // ------------------------------------------------------------------ overflow, in a speaker's words
  const blockName = (element: Element): string => {
    const tag = element.tagName.toLowerCase();
    if (element.matches('.diagram')) return 'diagram';
    if (element.matches('.definition')) return 'definition';
    if (element.matches('.callout')) return 'callout';
    if (element.matches('.cards')) return 'row of cards';
    if (element.matches('.card')) return 'card';
    if (element.matches('.lectern-quiz')) return 'quiz';
    if (element.matches('.lectern-rating')) return 'rating';
    if (element.matches('figure')) return 'figure';
    if (element.matches('.rules')) return 'list of rules';
    if (/^h[1-6]$/.test(tag)) return 'heading';
    if (tag === 'blockquote') return 'quote';
    if (tag === 'p') return element.querySelector('img') && !element.textContent?.trim() ? 'image' : 'paragraph';
    return 'block';
  };

  const overflowsSlide = (element: Element): boolean => {
    const box = boxOf(element);
    if (box.width === 0 && box.height === 0) return false;
    if (
      box.right > slideWidth + TOLERANCE ||
      box.bottom > slideHeight + TOLERANCE ||
      box.left < -TOLERANCE ||
      box.top < -TOLERANCE
    )
      return true;
    const html = element as HTMLElement;
    return (
      clips(element) &&
      (html.scrollHeight > html.clientHeight + TOLERANCE || html.scrollWidth > html.clientWidth + TOLERANCE)
    );
  };

  const describeCode = (pre: HTMLElement): string[] => {
    const area = visibleArea(pre);
    const lines = [...pre.querySelectorAll<HTMLElement>('.line')];
    const messages: string[] = [];
    const fitting = lines.filter((line) => fitsVertically(boxOf(line), area));
    if (fitting.length < lines.length)
      messages.push(`this code block needs ${lines.length} lines; ${fitting.length} fit: split it`);
    const cut = lines.filter((line) => textRight(line) > area.right + TOLERANCE);
    if (cut.length) {
      const first = cut[0]!;
      const more = cut.length > 1 ? ` (and ${cut.length - 1} more line${cut.length > 2 ? 's' : ''})` : '';
      messages.push(
        `line ${first.dataset.line} of this code block is cut at the right edge: it needs ${fmt(textRight(first) - boxOf(first).left)}px, ${fmt(area.right - boxOf(first).left)}px fit${more}`,
      );
    }
    if (pre.dataset.lineSteps) {
      const lit = lines.filter((line) => line.classList.contains('hl'));
      const hidden = lit.filter((line) => !fitsVertically(boxOf(line), area)).map((line) => Number(line.dataset.line));
      if (hidden.length) {
        const shown = fitting.map((line) => Number(line.dataset.line));
        const codeStep = Number(pre.dataset.step ?? 0) + 1;
        messages.push(
          `step ${codeStep} of this code block highlights line${hidden.length > 1 ? 's' : ''} ${spans(hidden)}, off-screen (${shown.length ? `lines ${spans(shown)} show` : 'no line shows'})`,
        );
      }
    }
    if (!messages.length)
      messages.push(
        `this code block runs ${fmt(Math.max(boxOf(pre).bottom - slideHeight, boxOf(pre).right - slideWidth))}px past the slide`,
      );
    return messages;
  };

  const describeTable = (table: HTMLTableElement): string[] => {
    const area = visibleArea(table);
    const messages: string[] = [];
    const rows = [...table.rows];
    const body = [...table.tBodies].flatMap((section) => [...section.rows]);
    const counted = body.length ? body : rows;
    const fitting = counted.filter((row) => fitsVertically(boxOf(row), area)).length;
    if (fitting < counted.length) messages.push(`this table needs ${counted.length} rows; ${fitting} fit`);
    const box = boxOf(table);
    if (box.right > area.right + TOLERANCE) {
      const cells = [...(rows[0]?.cells ?? [])];
      const columns = cells.filter((cell) => boxOf(cell).right <= area.right + TOLERANCE).length;
      messages.push(
        `this table is ${fmt(box.width)}px wide; ${fmt(area.right - box.left)}px fit (${columns} of ${cells.length} columns)`,
      );
    }
    return messages;
  };

  const describeList = (list: Element): string[] => {
    const area = visibleArea(list);
    const items = [...list.children].filter((child) => child.tagName === 'LI');
    const fitting = items.filter((item) => fitsVertically(boxOf(item), area)).length;
    const messages: string[] = [];
    if (fitting < items.length) messages.push(`this list has ${items.length} items; ${fitting} fit`);
    const wide = items.find(
      (item) => boxOf(item).right > area.right + TOLERANCE || textRight(item) > area.right + TOLERANCE,
    );
    if (wide) messages.push(`item ${items.indexOf(wide) + 1} of this list runs past the right edge`);
    return messages;
  };

  const describeBlock = (element: Element): string[] => {
    if (element.matches('pre.code')) return describeCode(element as HTMLElement);
    if (element.matches('table')) return describeTable(element as HTMLTableElement);
    if (element.matches('ul, ol')) return describeList(element);
    const box = boxOf(element);
    const name = blockName(element);
    const area = visibleArea(element);
    if (name === 'diagram' || name === 'image' || name === 'figure') {
      if (box.bottom > slideHeight + TOLERANCE)
        return [`this ${name} is ${fmt(box.height)}px tall; ${fmt(Math.max(0, slideHeight - box.top))}px fit`];
      return [`this ${name} is ${fmt(box.width)}px wide; ${fmt(Math.max(0, slideWidth - box.left))}px fit`];
    }
    if (box.bottom > slideHeight + TOLERANCE)
      return [`this ${name} runs ${fmt(box.bottom - slideHeight)}px past the bottom of the slide`];
    if (box.right > slideWidth + TOLERANCE || textRight(element) > area.right + TOLERANCE) {
      return [
        `this ${name} runs ${fmt(Math.max(box.right, textRight(element)) - Math.min(slideWidth, area.right))}px past the right edge`,
      ];
    }
    if (box.top < -TOLERANCE || box.left < -TOLERANCE) return [`this ${name} starts outside the slide`];
    return [`this ${name} cuts off its own content`];
  };

  /** One problem per block: a list rather than its items, a code block rather than its lines, the innermost of nested blocks. */
  const overflowsAt = (slide: HTMLElement, step: number): Overflow[] => {
    const blocks = [...slide.querySelectorAll<HTMLElement>('[data-source-line], pre.code, table, .diagram')].filter(
      (element) => !element.closest('aside.notes') && !element.closest('.slide-kicker') && overflowsSlide(element),
    );
    const owners = 'ul, ol, table, pre, .diagram, .lectern-quiz, .lectern-rating, .definition, .card';
    const kept = blocks
      .map((element) => {
        let owner: Element = element;
        for (
          let up = element.parentElement?.closest(owners);
          up && slide.contains(up);
          up = up.parentElement?.closest(owners)
        ) {
          if (blocks.includes(up as HTMLElement)) owner = up;
        }
        return owner;
      })
      .filter((element, i, all) => all.indexOf(element) === i);
    const innermost = kept.filter((element) => !kept.some((other) => other !== element && element.contains(other)));
    return innermost.flatMap((element) =>
      describeBlock(element).map((message) => ({ line: lineOf(element), step, message })),
    );
  };

  // ------------------------------------------------------------------ colour
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const paint = canvas.getContext('2d', { willReadFrequently: true })!;
  const colorCache = new Map<string, Rgba>();
  /** Any CSS colour (rgb, oklch, color-mix results …) as sRGB bytes and alpha, through a canvas. */
  const parseColor = (css: string): Rgba => {
    const known = colorCache.get(css);
    if (known) return known;
    paint.clearRect(0, 0, 1, 1);
    paint.fillStyle = '#000';
    paint.fillStyle = css;
    paint.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = paint.getImageData(0, 0, 1, 1).data;
    const rgba: Rgba = [r!, g!, b!, a! / 255];
    colorCache.set(css, rgba);
    return rgba;
  };
  const over = (top: Rgba, alpha: number, under: Rgba): Rgba => [
    top[0] * alpha + under[0] * (1 - alpha),
    top[1] * alpha + under[1] * (1 - alpha),
    top[2] * alpha + under[2] * (1 - alpha),
    1,
  ];
  const luminance = ([r, g, b]: Rgba) => {
    const channel = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const ratio = (a: Rgba, b: Rgba) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
    return (hi + 0.05) / (lo + 0.05);
  };
  const hex = (c: Rgba) =>
    `#${c
      .slice(0, 3)
      .map((n) => round(n).toString(16).padStart(2, '0'))
      .join('')}`;
  const pageBackground = (): Rgba => {
    for (const element of [
      document.querySelector('.reveal-viewport'),
      document.querySelector('.reveal'),
      document.body,
      document.documentElement,
    ]) {
      if (!element) continue;
      const bg = parseColor(getComputedStyle(element).backgroundColor);
      if (bg[3] > 0.99) return bg;
    }
    return [255, 255, 255, 1];
  };

  /**
   * The colour a piece of HTML text is drawn in, and the colour behind it, as they reach the screen:
   * each ancestor's opacity fades its text and backgrounds into what lies under them (a dimmed code
   * line is its colour at 45% over the code box).
   */
  const drawnColors = (element: Element, textColor: string): { text: Rgba; behind: Rgba } => {
    const chain: Element[] = [];
    let base: Rgba | null = null;
    for (let node: Element | null = element; node; node = node.parentElement) {
      const bg = parseColor(getComputedStyle(node).backgroundColor);
      if (bg[3] > 0.99) {
        base = bg;
        break;
      }
      chain.push(node);
    }
    let behind: Rgba = base ?? pageBackground();
    // From the outermost see-through layer in: each paints its background, faded by its own and its ancestors' opacity.
    let fade = 1;
    for (const node of [...chain].reverse()) {
      const style = getComputedStyle(node);
      fade *= Number(style.opacity);
      const bg = parseColor(style.backgroundColor);
      if (bg[3] > 0) behind = over(bg, bg[3] * fade, behind);
    }
    const color = parseColor(textColor);
    return { text: over(color, color[3] * fade, behind), behind };
  };

  // ------------------------------------------------------------------ text, by who reads it
  const roleOf = (element: Element): TextRole => {
    // An opener's number, name and minutes line is its kicker (openers carry no kicker line).
    if (element.closest('.slide-kicker, .cover-meta, .opener-meta, .kicker')) return 'chrome';
    if (element.closest('pre, code')) return 'code';
    if (element.closest('figcaption')) return 'caption';
    if (element.closest('.card-tagline')) return 'tagline';
    if (element.closest('.card')) return 'card';
    if (element.closest('.quiz-choice')) return 'choice';
    if (element.closest('.quiz-status')) return 'caption';
    if (element.closest('.lectern-rating') && !element.closest('.rating-prompt')) return 'rating';
    if (element.closest('table')) return 'table';
    if (element.closest('h1, h2, h3, h4, h5, h6, .quiz-prompt, .rating-prompt')) return 'title';
    return 'body';
  };
  const textNodes = (root: Element, skip: string): Text[] => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) =>
        node.textContent?.trim() && !node.parentElement?.closest(skip)
          ? NodeFilter.FILTER_ACCEPT
          : NodeFilter.FILTER_REJECT,
    });
    const nodes: Text[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
    return nodes;
  };
  /**
   * How much a transform (a code box scaled to fit, say) enlarges or shrinks what is inside an element,
   * beyond reveal's own scale: its drawn width against its laid-out width, read on the nearest box
   * wide enough for the rounding of `offsetWidth` not to matter.
   */
  const transformScale = (element: Element): number => {
    for (let node: Element | null = element; node && node !== slidesBox; node = node.parentElement) {
      const width = (node as HTMLElement).offsetWidth;
      if (width >= 40) {
        const factor = boxOf(node).width / width;
        return Math.abs(factor - 1) < 0.02 ? 1 : factor;
      }
    }
    return 1;
  };
  const measureTexts = (slide: HTMLElement): TextSize[] => {
    const smallest = new Map<TextRole, TextSize>();
    const consider = (element: Element, role: TextRole, text: string, drawn = true) => {
      const px = parseFloat(getComputedStyle(element).fontSize) * (drawn ? transformScale(element) : 1);
      const known = smallest.get(role);
      if (!known || px < known.px)
        smallest.set(role, { role, px: Math.round(px * 10) / 10, text: excerpt(text), line: lineOf(element) });
    };
    for (const node of textNodes(slide, 'aside.notes, .diagram, script, style, .code-step')) {
      const element = node.parentElement!;
      if (!isShown(element)) continue;
      consider(element, roleOf(element), node.textContent ?? '');
    }
    const counter = document.querySelector('.reveal .slide-number');
    if (counter && isShown(counter) && counter.textContent?.trim()) {
      const leaf =
        [...counter.querySelectorAll('*')].find((child) => child.textContent?.trim() && !child.children.length) ??
        counter;
      // The counter sits outside the scaled slide: its CSS size is its size on the 1280×720 screen.
      consider(leaf, 'chrome', `counter ${counter.textContent.replace(/\s+/g, '')}`, false);
    }
    return [...smallest.values()];
  };

  const measureCodeContrast = (slide: HTMLElement, step: number): ContrastMiss[] => {
    const misses = new Map<string, ContrastMiss>();
    for (const pre of slide.querySelectorAll<HTMLElement>('pre.code')) {
      if (!isShown(pre)) continue;
      const stepped = pre.classList.contains('has-highlights');
      for (const node of textNodes(pre, '.code-step')) {
        const element = node.parentElement!;
        const lineElement = element.closest('.line');
        const lit = !stepped || !!lineElement?.classList.contains('hl');
        const style = getComputedStyle(element);
        const { text, behind } = drawnColors(element, style.color);
        const measured = ratio(text, behind);
        const floor = lit ? 4.5 : 3;
        if (measured >= floor) continue;
        const kind = lit ? 'code-lit' : 'code-dimmed';
        const key = `${pre.dataset.sourceLine}|${kind}|${hex(text)}`;
        if (!misses.has(key)) {
          misses.set(key, {
            kind,
            ratio: Math.round(measured * 100) / 100,
            floor,
            text: excerpt(node.textContent ?? ''),
            line: lineOf(pre),
            step,
            colors: `${hex(text)} on ${hex(behind)}`,
          });
        }
      }
    }
    return [...misses.values()];
  };

  // ------------------------------------------------------------------ diagrams
  const SHAPES = new Set(['rect', 'path', 'polygon', 'circle', 'ellipse']);
  /** What is painted under the middle of a label: the first filled shape below it, or the page. */
  const fillUnder = (label: Element): Rgba => {
    const rect = label.getBoundingClientRect();
    const x = rect.left + rect.width / 2;
    const y = rect.top + rect.height / 2;
    const svg = label.closest('svg')!;
    for (const element of document.elementsFromPoint(x, y)) {
      if (element === label || label.contains(element) || element.contains(label)) {
        if (element === svg || !svg.contains(element)) break;
        continue;
      }
      if (!svg.contains(element)) break;
      if (!SHAPES.has(element.tagName.toLowerCase())) continue;
      const style = getComputedStyle(element);
      if (style.fill === 'none' || style.fill.startsWith('url(')) continue;
      const fill = parseColor(style.fill);
      const alpha = fill[3] * Number(style.fillOpacity || 1) * Number(style.opacity || 1);
      if (alpha <= 0.05) continue;
      const under = drawnColors(svg.parentElement!, 'transparent').behind;
      return over(fill, alpha, under);
    }
    return drawnColors(svg.parentElement!, 'transparent').behind;
  };
  const labelsOf = (svg: SVGSVGElement): Element[] => {
    const labels = new Set<Element>();
    for (const node of textNodes(svg, 'style, title, desc')) {
      const element = node.parentElement!;
      labels.add(element.closest('text') ?? element);
    }
    return [...labels];
  };
  const LETTER = /[\p{L}\p{N}]/u;
  /** A label's rows as drawn: SVG text as its `tspan` rows, HTML labels as the lines the browser broke them into. */
  const brokenInWord = (label: Element): string | null => {
    let rows: string[] = [];
    if (label.tagName.toLowerCase() === 'text') {
      const direct = [...label.children].filter((child) => child.tagName.toLowerCase() === 'tspan');
      rows = direct.length > 1 ? direct.map((row) => row.textContent ?? '') : [];
    } else {
      const node = [...label.childNodes].find((child) => child.nodeType === Node.TEXT_NODE) as Text | undefined;
      if (node?.textContent) {
        const range = document.createRange();
        let top = NaN;
        let row = '';
        for (let i = 0; i < node.textContent.length; i++) {
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const charTop = range.getBoundingClientRect().top;
          if (!Number.isNaN(top) && charTop > top + 2 && row) {
            rows.push(row);
            row = '';
          }
          top = charTop;
          row += node.textContent[i];
        }
        if (rows.length) rows.push(row);
      }
    }
    const sources = options.diagramSources?.join('\n') ?? '';
    for (let i = 0; i + 1 < rows.length; i++) {
      const end = rows[i]!;
      const start = rows[i + 1]!;
      if (
        end !== end.trimEnd() ||
        start !== start.trimStart() ||
        !LETTER.test(end.slice(-1)) ||
        !LETTER.test(start.charAt(0))
      )
        continue;
      // SVG rows drop the space where they wrap, so a wrap between words and one inside a word look
      // alike: the diagram's source tells them apart. HTML labels keep the space, so no source is needed.
      const joined = `${/\S*$/.exec(end)![0]}${/^\S*/.exec(start)![0]}`;
      if (label.tagName.toLowerCase() !== 'text' || sources.includes(joined))
        return rows.map((row) => row.trim()).join(' / ');
    }
    return null;
  };
  const measureDiagrams = (
    slide: HTMLElement,
    step: number,
  ): { diagrams: DiagramMeasure[]; contrast: ContrastMiss[] } => {
    const diagrams: DiagramMeasure[] = [];
    const contrast: ContrastMiss[] = [];
    for (const holder of slide.querySelectorAll<HTMLElement>('.diagram')) {
      const svg = holder.querySelector('svg');
      if (!svg || !isShown(svg)) continue;
      const drawn = boxOf(svg);
      const viewBox = svg.viewBox.baseVal;
      const userScale = viewBox && viewBox.width > 0 ? drawn.width / viewBox.width : 1;
      let smallest: DiagramMeasure['smallestLabel'] = null;
      const broken: string[] = [];
      for (const label of labelsOf(svg)) {
        if (!isShown(label)) continue;
        const px = parseFloat(getComputedStyle(label).fontSize) * userScale;
        const text = excerpt(label.textContent ?? '');
        if (!smallest || px < smallest.px) smallest = { px: Math.round(px * 10) / 10, text };
        const split = brokenInWord(label);
        if (split) broken.push(split);
        const style = getComputedStyle(label);
        const color = label.closest('foreignObject') ? style.color : style.fill;
        if (!color || color === 'none') continue;
        const behind = fillUnder(label);
        const textColor = over(parseColor(color), parseColor(color)[3] * Number(style.opacity || 1), behind);
        const measured = ratio(textColor, behind);
        if (measured < 4.5) {
          contrast.push({
            kind: 'diagram',
            ratio: Math.round(measured * 100) / 100,
            floor: 4.5,
            text,
            line: lineOf(holder),
            step,
            colors: `${hex(textColor)} on ${hex(behind)}`,
          });
        }
      }
      diagrams.push({
        line: lineOf(holder),
        widthShare: Math.round((drawn.width / slideWidth) * 1000) / 1000,
        smallestLabel: smallest,
        brokenLabels: broken,
      });
    }
    return { diagrams, contrast };
  };

  // ------------------------------------------------------------------ the slide as a whole
  const CONTENT_BOXES = 'img, svg, pre, table, .card, .definition, .callout, .quiz-choice, .rating-score';
  const emptyBandOf = (slide: HTMLElement): number | null => {
    let lowest = -Infinity;
    for (const node of textNodes(slide, 'aside.notes, .slide-kicker, .diagram, script, style, .code-step')) {
      if (!isShown(node.parentElement!)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.height > 0) lowest = Math.max(lowest, toSlide(rect).bottom);
    }
    for (const element of slide.querySelectorAll(CONTENT_BOXES)) {
      if (element.closest('aside.notes, .slide-kicker') || !isShown(element)) continue;
      if (element.tagName.toLowerCase() === 'svg' && element.parentElement?.closest('svg')) continue;
      lowest = Math.max(lowest, boxOf(element).bottom);
    }
    if (lowest === -Infinity) return null;
    return Math.round(Math.max(0, (slideHeight - Math.min(lowest, slideHeight)) / slideHeight) * 1000) / 1000;
  };

  const chromeOverlapOf = (): string | null => {
    const counter = document.querySelector('.reveal .slide-number');
    if (!counter || !isShown(counter)) return null;
    const a = counter.getBoundingClientRect();
    const hits: string[] = [];
    for (const control of document.querySelectorAll<HTMLElement>(
      '.reveal .controls button, .reveal .controls .navigate-left, .reveal .controls .navigate-right, .reveal .controls .navigate-up, .reveal .controls .navigate-down',
    )) {
      if (!isShown(control) || Number(getComputedStyle(control).opacity) === 0) continue;
      const b = control.getBoundingClientRect();
      const overlapX = (Math.min(a.right, b.right) - Math.max(a.left, b.left)) / scale;
      const overlapY = (Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)) / scale;
      // Half a slide pixel either way is anti-aliasing, not a collision.
      if (overlapX > 0.5 && overlapY > 0.5) {
        const name =
          control.getAttribute('aria-label') ??
          [...control.classList].find((c) => c.startsWith('navigate-')) ??
          'a control';
        hits.push(`the "${name}" arrow by ${Math.max(1, round(overlapX))}×${Math.max(1, round(overlapY))}px`);
      }
    }
    return hits.length
      ? `the slide counter "${counter.textContent?.replace(/\s+/g, '')}" overlaps ${hits.join(' and ')}`
      : null;
  };

  const titleOf = (slide: HTMLElement) =>
    excerpt(
      slide.querySelector('h1, h2, h3, .quiz-prompt, .rating-prompt, dt')?.textContent ??
        slide.querySelector('.kicker-text')?.textContent ??
        '',
    );

  // ------------------------------------------------------------------ the walk
  const measures: SlideMeasure[] = [];
  const start = deck.getIndices();
  const wanted = options.slides ? new Set(options.slides) : null;
  for (const [index, slide] of deck.getSlides().entries()) {
    if (wanted && !wanted.has(index)) continue;
    const { h, v } = deck.getIndices(slide);
    deck.slide(h, v, -1);
    frame = slidesBox.getBoundingClientRect();
    scale = frame.width / slideWidth || 1;
    const measure: SlideMeasure = {
      h,
      v: v ?? 0,
      title: titleOf(slide),
      steps: 0,
      overflows: [],
      texts: [],
      contrast: [],
      diagrams: [],
      emptyBand: null,
      chromeOverlap: null,
    };
    const seen = new Set<string>();
    const seenContrast = new Set<string>();
    for (let step = 0; ; step++) {
      for (const overflow of overflowsAt(slide, step)) {
        const key = `${overflow.line}|${overflow.message}`;
        if (!seen.has(key)) measure.overflows.push(overflow);
        seen.add(key);
      }
      if (options.full) {
        if (step === 0) measure.chromeOverlap = chromeOverlapOf();
        for (const miss of measureCodeContrast(slide, step)) {
          const key = `${miss.kind}|${miss.line}|${miss.colors}`;
          if (!seenContrast.has(key)) measure.contrast.push(miss);
          seenContrast.add(key);
        }
      }
      if (!deck.availableFragments().next) break;
      deck.nextFragment();
      measure.steps = step + 1;
    }
    if (options.full) {
      measure.texts = measureTexts(slide);
      measure.emptyBand = emptyBandOf(slide);
      const diagrams = measureDiagrams(slide, measure.steps);
      measure.diagrams = diagrams.diagrams;
      measure.contrast.push(...diagrams.contrast);
    }
    measures.push(measure);
  }
  deck.slide(start.h, start.v, start.f);
  return measures;
}
