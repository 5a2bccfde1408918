import { LAYOUT_CHECK_EVENT, PROBE_PARAM } from '../core/layout.ts';

/**
 * In `npm run dev`, asks the dev server to lay this deck out at projector size; what does not fit
 * its slide comes back in Vite's overlay. The headless page doing the walk is marked and asks nothing.
 */
export function requestLayoutCheck(deckId: string): void {
  if (!import.meta.hot || new URLSearchParams(location.search).has(PROBE_PARAM)) return;
  import.meta.hot.send(LAYOUT_CHECK_EVENT, { deck: deckId });
}
