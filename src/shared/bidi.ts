import { OWN_DIRECTION, TEXT_BLOCKS } from '../core/textDirection.ts';

const TEXT_BLOCK_SELECTOR = TEXT_BLOCKS.join(', ');
const KEEPS_ITS_DIRECTION = [...OWN_DIRECTION, '[dir]'].join(', ');

/**
 * Gives each block of the slide's text its own direction (`dir="auto"`, unless the deck set one):
 * an Arabic or Hebrew line is right-aligned and isolated, so it neither swallows nor reorders the
 * Latin text around it.
 */
export function isolateText(root: HTMLElement): void {
  for (const block of root.querySelectorAll<HTMLElement>(TEXT_BLOCK_SELECTOR)) {
    if (!block.hasAttribute('dir') && !block.closest(KEEPS_ITS_DIRECTION)) block.setAttribute('dir', 'auto');
  }
}

const FIRST_STRONG = /[\p{L}]/u;
const RIGHT_TO_LEFT =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}]/u;

/**
 * The direction a piece of text reads in, by its first letter, as `dir="auto"` decides it. For a
 * row that mixes the page's own words (a choice's letter, "Why:") with the deck's text, so the
 * whole row can follow the text.
 */
export function textDirection(text: string): 'ltr' | 'rtl' {
  const first = FIRST_STRONG.exec(text)?.[0];
  return first && RIGHT_TO_LEFT.test(first) ? 'rtl' : 'ltr';
}
