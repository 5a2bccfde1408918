import { DeckError } from './errors.ts';

export interface SlideSource {
  text: string;
  /** 0-based line of the slide's first line in the deck file. */
  firstLine: number;
  /** True when the slide sits below the previous one (a `--` separator). */
  vertical: boolean;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/**
 * Cuts a deck body into slides at `---` (next slide) and `--` (slide below) lines.
 * Separators inside code fences are content, so fences are tracked; an unclosed
 * fence would swallow every later slide, so it is reported where it opens.
 */
export function splitSlides(body: string, lineOffset: number, file: string): SlideSource[] {
  const slides: SlideSource[] = [];
  const lines = body.split('\n');
  let current: string[] = [];
  let firstLine = lineOffset;
  let vertical = false;
  let openFence: { marker: string; line: number } | null = null;

  const flush = (nextFirstLine: number, nextVertical: boolean) => {
    slides.push({ text: current.join('\n'), firstLine, vertical });
    current = [];
    firstLine = nextFirstLine;
    vertical = nextVertical;
  };

  lines.forEach((line, i) => {
    const fence = FENCE.exec(line);
    if (openFence) {
      if (fence && fence[1]!.startsWith(openFence.marker) && line.trim() === fence[1]) openFence = null;
    } else if (fence) {
      openFence = { marker: fence[1]!, line: lineOffset + i };
    } else if (line.trim() === '---' || line.trim() === '--') {
      flush(lineOffset + i + 1, line.trim() === '--');
      return;
    }
    current.push(line);
  });
  if (openFence) {
    throw new DeckError(file, (openFence as { line: number }).line + 1, 'this code fence is never closed');
  }
  flush(0, false);
  return slides.filter((slide) => slide.text.trim() !== '');
}
