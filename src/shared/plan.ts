import type { SectionInfo, SlideInfo } from '../compile/manifest.ts';

/** The deck's timing and slide list, as the speaker view receives it (`<body data-plan>`); no answer keys. */
export interface TalkPlan {
  title: string;
  /** Planned total, the sum of the sections' minutes. */
  minutes: number;
  sections: SectionInfo[];
  slides: SlideInfo[];
}

/** Reads the plan the build put on the page. */
export function readPlan(body: HTMLElement = document.body): TalkPlan {
  const raw = body.dataset.plan;
  if (!raw) throw new Error('this page has no data-plan attribute');
  return JSON.parse(raw) as TalkPlan;
}
