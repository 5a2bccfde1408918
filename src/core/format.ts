/** `65_000` → `1:05`; an hour or more → `1:02:05`. Negative durations get a minus sign. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  const total = Math.floor(Math.abs(ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${sign}${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${sign}${minutes}:${seconds}`;
}

/** A share of a whole as a whole percentage, 0 when there is no whole. */
export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 100) : 0;
}

/** `A`, `B`, … for a choice index, as the projected quiz labels them. */
export const choiceLetter = (index: number): string => String.fromCharCode(65 + index);

/** `1 answer`, `3 answers`. */
export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

/** The rating summary in words, as every page shows it. */
export function ratingSummaryText(summary: { count: number; average: number | null } | null | undefined): string {
  if (!summary || summary.count === 0 || summary.average === null) return 'be the first';
  return `${summary.average.toFixed(1)} average · ${plural(summary.count, 'rating')}`;
}
