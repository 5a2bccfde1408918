/** A diagram grows to at most twice its natural size on a slide: past that, it only looks blown up. */
export const MAX_DIAGRAM_SCALE = 2;
