import { describe, expect, it } from 'vitest';
import { paceAt, sectionRows } from '../../src/presenter/pacing.ts';
import { TalkTimer } from '../../src/presenter/timer.ts';

const MIN = 60_000;
// Cover, section 1 (2 min, slides 1–2), section 2 (3 min, slides 3–4), an untimed knowledge check (5).
const plan = {
  sections: [
    { number: 1, title: 'One', minutes: 2, firstSlide: 1 },
    { number: 2, title: 'Two', minutes: 3, firstSlide: 3 },
  ],
  slides: [
    { h: 0, v: 0, title: 'Cover', section: null, fragments: 0 },
    { h: 1, v: 0, title: 'a', section: 1, fragments: 0 },
    { h: 2, v: 0, title: 'b', section: 1, fragments: 0 },
    { h: 3, v: 0, title: 'c', section: 2, fragments: 0 },
    { h: 4, v: 0, title: 'd', section: 2, fragments: 0 },
    { h: 5, v: 0, title: 'quiz', section: null, fragments: 0 },
  ],
};

describe('pacing against the plan', () => {
  it("is on time inside the section's window", () => {
    expect(paceAt(plan, { h: 3, v: 0 }, 3 * MIN)).toMatchObject({
      state: 'on-time',
      byMs: 0,
      plannedStartMs: 2 * MIN,
      plannedEndMs: 5 * MIN,
    });
  });

  it('is ahead when a section starts before the plan has it start, by how much', () => {
    expect(paceAt(plan, { h: 3, v: 0 }, 1 * MIN)).toMatchObject({ state: 'ahead', byMs: 1 * MIN });
  });

  it('is behind when still in a section after its planned end, by how much', () => {
    expect(paceAt(plan, { h: 2, v: 0 }, 3.5 * MIN)).toMatchObject({ state: 'behind', byMs: 1.5 * MIN });
  });

  it('forgives half a minute either side', () => {
    expect(paceAt(plan, { h: 2, v: 0 }, 2 * MIN + 20_000).state).toBe('on-time');
  });

  it('places untimed parts where the plan puts them', () => {
    expect(paceAt(plan, { h: 5, v: 0 }, 4 * MIN)).toMatchObject({ state: 'ahead', byMs: 1 * MIN, section: null });
    expect(paceAt(plan, { h: 0, v: 0 }, 10_000)).toMatchObject({ state: 'on-time', section: null });
  });

  it('lists each section with what was spent', () => {
    const pace = paceAt(plan, { h: 3, v: 0 }, 3 * MIN);
    expect(sectionRows(plan, { '1': 130_000 }, { h: 3 }, pace)).toEqual([
      { section: plan.sections[0], plannedMs: 2 * MIN, spentMs: 130_000, progress: 'done' },
      { section: plan.sections[1], plannedMs: 3 * MIN, spentMs: 0, progress: 'current' },
    ]);
  });
});

class MemoryStorage {
  private map = new Map<string, string>();
  getItem = (key: string) => this.map.get(key) ?? null;
  setItem = (key: string, value: string) => void this.map.set(key, value);
}

describe('the talk timer', () => {
  it('counts while running, holds while paused, books time to sections and survives a reload', () => {
    let now = 1_000_000;
    const storage = new MemoryStorage() as unknown as Storage;
    const timer = new TalkTimer('t', () => now, storage);
    expect(timer.started).toBe(false);
    timer.start();
    now += 30_000;
    timer.tick('1');
    now += 30_000;
    timer.tick('1');
    timer.pause();
    now += 60_000;
    expect(timer.elapsedMs()).toBe(60_000);
    expect(timer.spent()).toEqual({ '1': 60_000 });

    const reloaded = new TalkTimer('t', () => now, storage);
    expect(reloaded.elapsedMs()).toBe(60_000);
    reloaded.start();
    now += 5000;
    expect(reloaded.elapsedMs()).toBe(65_000);
    reloaded.reset();
    expect(reloaded.elapsedMs()).toBe(0);
    expect(reloaded.started).toBe(false);
  });
});
