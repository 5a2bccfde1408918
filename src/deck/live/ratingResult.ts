import type { RatingSummary } from '../../protocol.ts';
import { el, setText } from '../../shared/dom.ts';

export interface RatingResultView {
  update(summary: RatingSummary | null | undefined): void;
}

/**
 * The room's rating on the projector: the average as a number and one column per score. The build's
 * 1–5 buttons are hidden on a live deck: lit circles would read as someone's vote, not the room's.
 */
export function ratingResult(rating: HTMLElement, scale = 5): RatingResultView {
  const average = el('span', { class: 'rating-average-number', text: '–' });
  const columns = Array.from({ length: scale }, (_, i) => {
    const bar = el('span', { class: 'rating-column-bar' });
    const count = el('span', { class: 'rating-column-count', text: '0' });
    const column = el('li', { class: 'rating-column' }, [
      count,
      el('span', { class: 'rating-column-track' }, [bar]),
      el('span', { class: 'rating-column-score', text: String(i + 1) }),
    ]);
    return { column, bar, count };
  });
  const view = el('div', { class: 'rating-result' }, [
    el('p', { class: 'rating-average' }, [average, el('span', { class: 'rating-average-of', text: `/ ${scale}` })]),
    el(
      'ol',
      { class: 'rating-columns', attrs: { 'aria-label': 'Ratings per score' } },
      columns.map(({ column }) => column),
    ),
  ]);
  rating.classList.add('has-live-result');
  (rating.querySelector('.rating-scale') ?? rating.lastElementChild)?.after(view);

  return {
    update(summary) {
      const histogram = summary?.histogram ?? [];
      const widest = Math.max(1, ...histogram);
      setText(average, summary?.average == null ? '–' : summary.average.toFixed(1));
      columns.forEach(({ bar, count }, i) => {
        const votes = histogram[i] ?? 0;
        bar.style.height = `${(votes / widest) * 100}%`;
        setText(count, String(votes));
      });
    },
  };
}
