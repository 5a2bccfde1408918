/**
 * The page count of a PDF written by Chromium, read from its page tree without a PDF library:
 * the root `/Type /Pages` dictionary carries `/Count`. Null when the file hides it (object streams).
 */
export function countPdfPages(pdf: Buffer): number | null {
  const text = pdf.toString('latin1');
  let count: number | null = null;
  for (const match of text.matchAll(
    /\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g,
  )) {
    const value = Number(match[1] ?? match[2]);
    count = Math.max(count ?? 0, value);
  }
  return count;
}
