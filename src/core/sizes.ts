/**
 * Sizes the pages and the build's layout walk must agree on: the deck draws with them, the build
 * checks against them.
 */

/** Code starts at the theme's size (28px) and is never drawn smaller than this, in slide pixels. */
export const MIN_CODE_PX = 20;

/** A diagram grows to at most twice its natural size on a slide: past that, it only looks blown up. */
export const MAX_DIAGRAM_SCALE = 2;
