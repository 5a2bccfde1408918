import { OWN_DIRECTION, TEXT_BLOCKS, textDirection } from '../core/textDirection.ts';

const TEXT_BLOCK_SELECTOR = TEXT_BLOCKS.join(', ');
const KEEPS_ITS_DIRECTION = [...OWN_DIRECTION, '[dir]'].join(', ');

/**
 * Gives each block of the slide's text its own direction (`dir="auto"`, unless the deck set one):
 * an Arabic or Hebrew line is right-aligned and isolated, so it neither swallows nor reorders the
 * Latin text around it. A table whose text starts right to left lays its columns out right to left
 * (`dir="rtl"`): `dir="auto"` on the table would not do, as it skips the cells, which carry their own.
 */
export function isolateText(root: HTMLElement): void {
  for (const block of root.querySelectorAll<HTMLElement>(TEXT_BLOCK_SELECTOR)) {
    if (!block.hasAttribute('dir') && !block.closest(KEEPS_ITS_DIRECTION)) block.setAttribute('dir', 'auto');
  }
  for (const table of root.querySelectorAll<HTMLTableElement>('table:not([dir])')) {
    if (!table.closest(KEEPS_ITS_DIRECTION) && textDirection(table.textContent ?? '') === 'rtl') table.dir = 'rtl';
  }
}
