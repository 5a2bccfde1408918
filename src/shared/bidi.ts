/** Blocks of text a deck may write in any script; code and diagrams keep their own direction. */
const TEXT_BLOCKS = 'h1, h2, h3, h4, p, li, dt, dd, blockquote, figcaption, th, td, .kicker-text';

/**
 * Gives each block of the slide's text its own direction (`dir="auto"`, unless the deck set one):
 * an Arabic or Hebrew line is right-aligned and isolated, so it neither swallows nor reorders the
 * Latin text around it.
 */
export function isolateText(root: HTMLElement): void {
  for (const block of root.querySelectorAll<HTMLElement>(TEXT_BLOCKS)) {
    if (!block.hasAttribute('dir') && !block.closest('pre, svg, [dir]')) block.setAttribute('dir', 'auto');
  }
}
