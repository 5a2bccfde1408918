import { describe, expect, it } from 'vitest';
import { groupSlides } from '../../src/presenter/overviewGroups.ts';

// A cover, two timed sections (one with a slide below), an untimed knowledge check, a closing slide.
const plan = {
  sections: [
    { number: 1, title: 'One', minutes: 2, firstSlide: 1 },
    { number: 2, title: 'Two', minutes: 3, firstSlide: 3 },
  ],
  slides: [
    { h: 0, v: 0, title: 'Cover', section: null, fragments: 0 },
    { h: 1, v: 0, title: 'a', section: 1, fragments: 0 },
    { h: 1, v: 1, title: 'a below', section: 1, fragments: 0 },
    { h: 2, v: 0, title: 'b', section: 1, fragments: 0 },
    { h: 3, v: 0, title: 'c', section: 2, fragments: 2 },
    { h: 4, v: 0, title: 'Did it stick?', section: null, fragments: 0 },
    { h: 5, v: 0, title: 'quiz', section: null, fragments: 0, poll: 'q1' },
  ],
};

describe('the speaker overview groups slides as the talk runs', () => {
  it('one group per timed section with its minutes, the opening and untimed parts around them', () => {
    const groups = groupSlides(plan, new Map([['4.0', 'Knowledge check']]));
    expect(groups.map((g) => [g.number, g.title, g.minutes, g.slides.map((s) => s.number)])).toEqual([
      [null, 'Opening', null, [1]],
      [1, 'One', 2, [2, 3, 4]],
      [2, 'Two', 3, [5]],
      [null, 'Knowledge check', null, [6, 7]],
    ]);
  });

  it('numbers slides in reading order, slides below included: the number to type to go there', () => {
    const numbers = groupSlides(plan).flatMap((g) => g.slides.map((s) => [s.number, `${s.info.h}.${s.info.v}`]));
    expect(numbers.slice(1, 4)).toEqual([
      [2, '1.0'],
      [3, '1.1'],
      [4, '2.0'],
    ]);
  });

  it('an untimed part with no opener found still gets its own group after a timed one', () => {
    expect(groupSlides(plan).map((g) => g.title)).toEqual(['Opening', 'One', 'Two', 'Untimed']);
  });
});
