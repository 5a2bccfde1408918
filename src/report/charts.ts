/**
 * The report's charts as SVG text: drawn in the browser and in the PDF alike, sharp at any size, and
 * made for paper: dark strokes, few colours, every series named in a legend, numbers written out.
 */
import { escapeHtml } from '../compile/escape.ts';

/** Run A, run B: told apart by colour and, for grey print, by a hatch on B. */
export const SERIES = [
  { name: 'a', fill: '#0c665f', stroke: '#0c665f' },
  { name: 'b', fill: 'url(#hatch-b)', stroke: '#6d28d9' },
] as const;

const DEFS = `<defs><pattern id="hatch-b" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="5" height="5" fill="#ede9fe"/><rect width="2.2" height="5" fill="#6d28d9"/></pattern></defs>`;

const round = (n: number) => Math.round(n * 10) / 10;

/** A step a little above `max` that reads well: 1, 2, 5, 10, 20, 50 … */
export function niceStep(max: number, ticks = 4): number {
  if (max <= 0) return 1;
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/** Steps for a time axis, so a five-minute rehearsal gets seconds and a long talk whole minutes. */
const TIME_STEPS_MS = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600].map((s) => s * 1000);

/** The first time step that splits `maxMs` into at most `ticks` parts. */
export function niceTimeStep(maxMs: number, ticks: number): number {
  return TIME_STEPS_MS.find((step) => step * ticks >= maxMs) ?? Math.ceil(maxMs / ticks / 3_600_000) * 3_600_000;
}

/** A tick on a time axis: whole minutes (`12`) once the steps are minutes, else minutes and seconds (`0:30`). */
export function timeLabel(ms: number, stepMs: number): string {
  if (stepMs % 60_000 === 0) return String(Math.round(ms / 60_000));
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export interface LinePoint {
  x: number;
  y: number;
}

/**
 * The audience over time as steps (a count holds until the next sample), one series per run.
 * x in ms from the run's start; axis in minutes.
 */
export function audienceChart(series: readonly (readonly LinePoint[])[], label: string): string {
  const W = 720;
  const H = 220;
  const left = 44;
  const right = 12;
  const top = 12;
  const bottom = 26;
  const xMax = Math.max(60_000, ...series.flatMap((s) => s.map((p) => p.x)));
  const yMax = Math.max(1, ...series.flatMap((s) => s.map((p) => p.y)));
  const xStep = niceTimeStep(xMax, 6);
  // Phones come whole: no step below one.
  const yStep = Math.max(1, niceStep(yMax, 4));
  const yTop = Math.ceil(yMax / yStep) * yStep;
  const xTop = Math.ceil(xMax / xStep) * xStep;
  const px = (x: number) => round(left + (x / xTop) * (W - left - right));
  const py = (y: number) => round(top + (1 - y / yTop) * (H - top - bottom));
  const grid: string[] = [];
  for (let y = 0; y <= yTop; y += yStep) {
    grid.push(
      `<line x1="${left}" x2="${W - right}" y1="${py(y)}" y2="${py(y)}" class="grid"/>`,
      `<text x="${left - 8}" y="${py(y) + 4}" class="tick" text-anchor="end">${y}</text>`,
    );
  }
  for (let x = 0; x <= xTop; x += xStep) {
    grid.push(
      `<text x="${px(x)}" y="${H - bottom + 18}" class="tick" text-anchor="middle">${timeLabel(x, xStep)}</text>`,
    );
  }
  const lines = series.map((points, i) => {
    if (points.length === 0) return '';
    const d = points
      .map((p, j) => {
        const previous = points[j - 1];
        const step = previous ? `H${px(p.x)}` : `M${px(p.x)},${py(p.y)}`;
        return previous ? `${step}V${py(p.y)}` : step;
      })
      .join('');
    const style = SERIES[i] ?? SERIES[0];
    const dash = i === 1 ? ' stroke-dasharray="6 4"' : '';
    return `<path d="${d}" fill="none" stroke="${style.stroke}" stroke-width="2.5" stroke-linejoin="round"${dash}/>`;
  });
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(label)}">${DEFS}
<g>${grid.join('')}</g>
<line x1="${left}" x2="${W - right}" y1="${py(0)}" y2="${py(0)}" class="axis"/>
${lines.join('')}</svg>`;
}

export interface SlideColumn {
  number: number;
  section: number | null;
  /** One value (ms) per run. */
  values: number[];
}

/**
 * Time per slide as columns in deck order, grouped per run; the sections as bands behind them,
 * labelled with their numbers, so a slide that lost the room stands out within its part.
 */
export function slidesChart(columns: readonly SlideColumn[], label: string): string {
  const W = 720;
  const H = 240;
  const left = 44;
  const right = 8;
  const top = 22;
  const bottom = 30;
  const runs = Math.max(1, ...columns.map((c) => c.values.length));
  const yMax = Math.max(60_000, ...columns.flatMap((c) => c.values));
  const yStep = niceTimeStep(yMax, 4);
  const yTop = Math.ceil(yMax / yStep) * yStep;
  const slot = (W - left - right) / Math.max(1, columns.length);
  const py = (y: number) => round(top + (1 - y / yTop) * (H - top - bottom));
  const parts: string[] = [];
  // Section bands.
  let start = 0;
  for (let i = 1; i <= columns.length; i++) {
    if (i < columns.length && columns[i]!.section === columns[start]!.section) continue;
    const section = columns[start]!.section;
    if (section !== null) {
      const x = round(left + start * slot);
      const width = round((i - start) * slot);
      parts.push(
        `<rect x="${x}" y="${top - 18}" width="${width}" height="${H - bottom - top + 18}" class="${section % 2 ? 'band' : 'band band-alt'}"/>`,
        `<text x="${round(x + width / 2)}" y="${top - 6}" class="band-label" text-anchor="middle">${section}</text>`,
      );
    }
    start = i;
  }
  for (let y = 0; y <= yTop; y += yStep) {
    parts.push(
      `<line x1="${left}" x2="${W - right}" y1="${py(y)}" y2="${py(y)}" class="grid"/>`,
      `<text x="${left - 8}" y="${py(y) + 4}" class="tick" text-anchor="end">${timeLabel(y, yStep)}</text>`,
    );
  }
  const barWidth = Math.max(1, (slot * 0.78) / runs);
  columns.forEach((column, i) => {
    column.values.forEach((ms, r) => {
      if (ms <= 0) return;
      const x = round(left + i * slot + slot * 0.11 + r * barWidth);
      const style = SERIES[r] ?? SERIES[0];
      parts.push(
        `<rect x="${x}" y="${py(ms)}" width="${round(barWidth)}" height="${round(py(0) - py(ms))}" fill="${style.fill}"><title>Slide ${column.number}: ${Math.round(ms / 1000)} s</title></rect>`,
      );
    });
    const every = columns.length > 40 ? 5 : columns.length > 20 ? 2 : 1;
    if (column.number === 1 || column.number % every === 0) {
      parts.push(
        `<text x="${round(left + (i + 0.5) * slot)}" y="${H - bottom + 16}" class="tick" text-anchor="middle">${column.number}</text>`,
      );
    }
  });
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(label)}">${DEFS}
${parts.join('')}
<line x1="${left}" x2="${W - right}" y1="${py(0)}" y2="${py(0)}" class="axis"/></svg>`;
}

/** One row's plan against the runs' actual time: an outlined bar for the plan, a solid bar per run. */
export function planBar(plannedMs: number, actualMs: readonly number[], scaleMs: number): string {
  const W = 240;
  const rowH = 12;
  const gap = 4;
  const H = 6 + actualMs.length * (rowH + gap);
  const x = (ms: number) => round((Math.min(ms, scaleMs) / scaleMs) * (W - 2) + 1);
  const bars = actualMs.map((ms, i) => {
    const style = SERIES[i] ?? SERIES[0];
    const y = 3 + i * (rowH + gap);
    const over =
      ms > plannedMs
        ? `<rect x="${x(plannedMs)}" y="${y}" width="${round(x(ms) - x(plannedMs))}" height="${rowH}" class="over"/>`
        : '';
    return `<rect x="1" y="${y}" width="${round(x(ms) - 1)}" height="${rowH}" fill="${style.fill}"/>${over}`;
  });
  const plan = x(plannedMs);
  return `<svg class="plan-bar" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" aria-hidden="true">${DEFS}${bars.join('')}<line x1="${plan}" x2="${plan}" y1="0" y2="${H}" class="plan-mark"/></svg>`;
}

/**
 * The rating as columns 1..scale, one per run side by side, each with its count written above. Two
 * runs are drawn as shares of their own ratings, so a rehearsal's two ratings stand beside a talk's
 * seventy on the same footing.
 */
export function ratingChart(histograms: readonly (readonly number[])[], label: string): string {
  const W = 360;
  const H = 170;
  const top = 20;
  const bottom = 26;
  const scale = Math.max(...histograms.map((h) => h.length), 5);
  const shares = histograms.length > 1;
  const heightOf = (histogram: readonly number[], n: number) => {
    const total = histogram.reduce((a, b) => a + b, 0);
    return shares ? (total === 0 ? 0 : n / total) : n;
  };
  const yMax = Math.max(shares ? 0.01 : 1, ...histograms.flatMap((h) => h.map((n) => heightOf(h, n))));
  const slot = W / scale;
  const runs = Math.max(1, histograms.length);
  const barWidth = (slot * 0.66) / runs;
  const py = (n: number) => round(top + (1 - n / yMax) * (H - top - bottom));
  const parts: string[] = [];
  for (let score = 1; score <= scale; score++) {
    const x0 = (score - 1) * slot + slot * 0.17;
    histograms.forEach((histogram, r) => {
      const n = histogram[score - 1] ?? 0;
      const height = heightOf(histogram, n);
      const style = SERIES[r] ?? SERIES[0];
      const x = round(x0 + r * barWidth);
      if (n > 0)
        parts.push(
          `<rect x="${x}" y="${py(height)}" width="${round(barWidth - 2)}" height="${round(py(0) - py(height))}" fill="${style.fill}"/>`,
        );
      parts.push(
        `<text x="${round(x + (barWidth - 2) / 2)}" y="${py(height) - 5}" class="value" text-anchor="middle">${n}</text>`,
      );
    });
    parts.push(
      `<text x="${round((score - 0.5) * slot)}" y="${H - 6}" class="tick-strong" text-anchor="middle">${score}</text>`,
    );
  }
  return `<svg class="chart chart-small" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(label)}">${DEFS}${parts.join('')}<line x1="0" x2="${W}" y1="${py(0)}" y2="${py(0)}" class="axis"/></svg>`;
}
