/**
 * The report's axes read right for a three-minute rehearsal as for a full talk: every tick a different
 * label, whole phones up the audience chart, seconds once the run is too short for whole minutes.
 */
import { describe, expect, it } from 'vitest';
import { audienceChart, slidesChart } from '../../src/report/charts.ts';

/** The tick labels an SVG chart writes, in order. */
const ticks = (svg: string) => [...svg.matchAll(/class="tick"[^>]*>([^<]*)</g)].map((m) => m[1]!);
const MINUTE = 60_000;

describe('the report’s charts', () => {
  it('labels a short rehearsal’s time in minutes and seconds, each tick once', () => {
    const audience = ticks(
      audienceChart(
        [
          [
            { x: 0, y: 1 },
            { x: 40_000, y: 2 },
          ],
        ],
        'phones',
      ),
    );
    const [up, across] = [audience.filter((t) => !t.includes(':')), audience.filter((t) => t.includes(':'))];
    expect(up).toEqual(['0', '1', '2']);
    expect(across[0]).toBe('0:00');
    expect(new Set(across).size).toBe(across.length);

    const slides = ticks(slidesChart([{ number: 1, section: 1, values: [20_000] }], 'minutes'));
    expect(slides[0]).toBe('0:00');
    expect(new Set(slides).size).toBe(slides.length);
  });

  it('labels a 38-minute talk in whole minutes', () => {
    const audience = ticks(
      audienceChart(
        [
          [
            { x: 0, y: 120 },
            { x: 38 * MINUTE, y: 80 },
          ],
        ],
        'phones',
      ),
    );
    expect(audience).toContain('30');
    expect(audience.some((t) => t.includes(':'))).toBe(false);
    expect(new Set(audience.slice(-5)).size).toBe(5);
  });
});
