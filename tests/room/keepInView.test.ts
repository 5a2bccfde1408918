import { describe, expect, it } from 'vitest';
import { scrollTargetFor } from '../../src/audience/keepInView.ts';

// A 390×844 phone with a 60 px sticky header; page coordinates.
const view = (scrollY: number) => ({ scrollY, top: 72, height: 844, bottomMargin: 12 });

describe('where the phone scrolls to keep the live part in view', () => {
  it('puts a new live card just under the header', () => {
    expect(scrollTargetFor(view(0), { top: 1500, bottom: 1800 })).toBe(1500 - 72);
  });

  it('leaves the screen alone when the new part is already whole on it', () => {
    expect(scrollTargetFor(view(1428), { top: 1500, bottom: 2100 }, { top: 1900, bottom: 1950 })).toBeNull();
  });

  it('keeps the card near the top and brings a part below the fold up just enough', () => {
    // The card starts at 1500; the explanation ends at 2400, lower than one screen from the card's top.
    const target = scrollTargetFor(view(1428), { top: 1500, bottom: 2500 }, { top: 2300, bottom: 2400 })!;
    expect(target).toBe(2400 - (844 - 12));
    expect(target + 844 - 12).toBeGreaterThanOrEqual(2400);
  });

  it('shows the start of a part taller than the screen', () => {
    expect(scrollTargetFor(view(0), { top: 1000, bottom: 4000 }, { top: 2000, bottom: 3500 })).toBe(2000 - 72);
  });

  it('scrolls back up to a part above the screen', () => {
    expect(scrollTargetFor(view(3000), { top: 1000, bottom: 4000 }, { top: 1200, bottom: 1250 })).toBe(1000 - 72);
  });
});
