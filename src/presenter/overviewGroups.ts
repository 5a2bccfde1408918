import type { SlideInfo } from '../compile/manifest.ts';
import type { TalkPlan } from '../core/plan.ts';

/** A run of slides the overview shows under one heading. */
export interface SlideGroup {
  /** The section's number ("01"), or null for an untimed part. */
  number: number | null;
  title: string;
  /** Planned minutes, or null when the part is untimed. */
  minutes: number | null;
  slides: { info: SlideInfo /** 1-based, in reading order: the number to type to go there. */; number: number }[];
}

/**
 * The deck's slides grouped as the talk is: one group per timed section (with its minutes), and the
 * untimed parts around them (the opening, a knowledge check), each starting where an untimed part
 * opens. The plan only knows timed sections, so the untimed openers are handed in by their slide
 * key with their title (they are read from the slides' own kickers).
 * @param untimedOpeners `h.v` → title of each slide that opens an untimed part.
 */
export function groupSlides(
  plan: Pick<TalkPlan, 'sections' | 'slides'>,
  untimedOpeners: ReadonlyMap<string, string> = new Map(),
): SlideGroup[] {
  const groups: SlideGroup[] = [];
  let group: SlideGroup | null = null;
  plan.slides.forEach((info, index) => {
    const section = info.section === null ? null : (plan.sections.find((s) => s.number === info.section) ?? null);
    const opener = untimedOpeners.get(`${info.h}.${info.v}`);
    const startsTimed = section !== null && (group === null || group.number !== section.number);
    const startsUntimed = section === null && (group === null || group.number !== null || opener !== undefined);
    if (startsTimed) group = { number: section.number, title: section.title, minutes: section.minutes, slides: [] };
    else if (startsUntimed)
      group = {
        number: null,
        title: opener ?? (groups.length === 0 ? 'Opening' : 'Untimed'),
        minutes: null,
        slides: [],
      };
    if (startsTimed || startsUntimed) groups.push(group!);
    group!.slides.push({ info, number: index + 1 });
  });
  return groups;
}
