import type { SectionInfo, SlideInfo } from '../compile/manifest.ts';

/**
 * The deck's timing and slide list, as the speaker view receives it (`<body data-plan>`, written by
 * src/build/pages/roomPages.ts); no answer keys.
 */
export interface TalkPlan {
  title: string;
  /** Planned total, the sum of the sections' minutes. */
  minutes: number;
  sections: SectionInfo[];
  slides: SlideInfo[];
}
