import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { PACKAGE_ROOT } from './packageRoot.ts';

const require = createRequire(import.meta.url);

/** The deck's own font faces (themes/fonts.css), the one list of fonts a deck shows. */
export const FONTS_CSS_FILE = resolve(PACKAGE_ROOT, 'themes', 'fonts.css');

/**
 * themes/fonts.css with every bundled font file inlined as a data URL, for the page that renders
 * diagrams: Mermaid measures each label to size its box and wrap its lines, so it must measure
 * with the fonts the deck draws with, or a label wider in the deck than measured is cut mid-word.
 */
export function diagramFontFaces(): string {
  const css = readFileSync(FONTS_CSS_FILE, 'utf8');
  // Faces come from the @fontsource packages, or from themes/fonts/ (the symbol subsets) by a relative path.
  return css.replace(/url\((['"]?)((?:@fontsource\/|\.\/)[^'")]+)\1\)/g, (_match, _quote, path: string) => {
    const file = path.startsWith('./') ? resolve(dirname(FONTS_CSS_FILE), path) : require.resolve(path);
    const data = readFileSync(file).toString('base64');
    return `url(data:font/woff2;base64,${data})`;
  });
}
