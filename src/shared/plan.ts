import type { TalkPlan } from '../core/plan.ts';

/** Reads the plan the build put on the page. */
export function readPlan(body: HTMLElement = document.body): TalkPlan {
  const raw = body.dataset.plan;
  if (!raw) throw new Error('this page has no data-plan attribute');
  return JSON.parse(raw) as TalkPlan;
}
