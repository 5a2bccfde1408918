import { describe, expect, it } from 'vitest';
import { samePosition } from '../../src/protocol.ts';
import { nextPosition, previousPosition, type StepSlide } from '../../src/shared/steps.ts';

// 0.0; a stack 1.0 (2 fragments) and 1.1; 2.0.
const slides: StepSlide[] = [
  { h: 0, v: 0, fragments: 0 },
  { h: 1, v: 0, fragments: 2 },
  { h: 1, v: 1, fragments: 0 },
  { h: 2, v: 0, fragments: 0 },
];

describe('stepping through a deck as reveal does', () => {
  it('next: fragments first, then down the stack, then right', () => {
    const walk = [{ h: 0, v: 0, f: -1 }];
    for (let next = nextPosition(slides, walk[0]!); next; next = nextPosition(slides, next)) walk.push(next);
    expect(walk).toEqual([
      { h: 0, v: 0, f: -1 },
      { h: 1, v: 0, f: -1 },
      { h: 1, v: 0, f: 0 },
      { h: 1, v: 0, f: 1 },
      { h: 1, v: 1, f: -1 },
      { h: 2, v: 0, f: -1 },
    ]);
  });

  it('previous: back one fragment, or to the previous slide with all its fragments shown', () => {
    expect(previousPosition(slides, { h: 1, v: 1, f: -1 })).toEqual({ h: 1, v: 0, f: 1 });
    expect(previousPosition(slides, { h: 1, v: 0, f: 0 })).toEqual({ h: 1, v: 0, f: -1 });
    expect(previousPosition(slides, { h: 1, v: 0, f: -1 })).toEqual({ h: 0, v: 0, f: -1 });
    expect(previousPosition(slides, { h: 0, v: 0, f: -1 })).toBeNull();
  });

  it('compares positions', () => {
    expect(samePosition({ h: 1, v: 0, f: -1 }, { h: 1, v: 0, f: -1 })).toBe(true);
    expect(samePosition({ h: 1, v: 0, f: -1 }, { h: 1, v: 0, f: 0 })).toBe(false);
    expect(samePosition(null, { h: 1, v: 0, f: 0 })).toBe(false);
  });
});
