/** What poppler-utils (Debian's `poppler-utils`) see in a PDF: page count and size, text and images per page. */
import { execFileSync } from 'node:child_process';

export interface PdfInfo {
  pages: number;
  /** In points. */
  width: number;
  height: number;
}

export function pdfInfo(file: string): PdfInfo {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(out);
  return { pages: Number(/Pages:\s+(\d+)/.exec(out)?.[1]), width: Number(size?.[1]), height: Number(size?.[2]) };
}

/** Collapses runs of whitespace, so text wrapped across lines in the PDF still matches. */
export function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The text of every page, in page order, whitespace collapsed. */
export function pdfPageTexts(file: string): string[] {
  const out = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  // pdftotext ends each page with a form feed.
  return out.split('\f').slice(0, -1).map(normalize);
}

/** Bitmaps drawn on one page (1-based), as `pdfimages -list` reports them. */
export function pdfImagesOnPage(file: string, page: number): number {
  const out = execFileSync('pdfimages', ['-list', '-f', String(page), '-l', String(page), file], { encoding: 'utf8' });
  // Two header lines, then one line per image.
  return out.trim().split('\n').length - 2;
}

/** Names of the fonts embedded in the file, one entry per font object (`pdffonts`). */
export function pdfFonts(file: string): string[] {
  const out = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .slice(2)
    .map((line) => line.split(/\s+/)[0]!);
}

/** One word drawn on a page, with its box in points from the page's top-left corner. */
export interface PdfWord {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** The words of one page (1-based) with their boxes (`pdftotext -bbox`). */
export function pdfWords(file: string, page: number): PdfWord[] {
  const out = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-'], {
    encoding: 'utf8',
  });
  const words: PdfWord[] = [];
  for (const match of out.matchAll(
    /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
  )) {
    words.push({
      xMin: Number(match[1]),
      yMin: Number(match[2]),
      xMax: Number(match[3]),
      yMax: Number(match[4]),
      text: match[5]!,
    });
  }
  return words;
}

/** Whether two words' boxes share any area: text drawn over text. */
export function wordsOverlap(a: PdfWord, b: PdfWord): boolean {
  return a.xMin < b.xMax && b.xMin < a.xMax && a.yMin < b.yMax && b.yMin < a.yMax;
}
