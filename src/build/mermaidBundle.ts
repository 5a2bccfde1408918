import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './packageRoot.ts';

/**
 * Mermaid's prebuilt browser bundle, shipped in `vendor/mermaid/` rather than installed: Mermaid only
 * runs in a browser, and its Node-side dependencies would narrow the Node versions lectern installs on.
 */
export const MERMAID_BUNDLE = join(PACKAGE_ROOT, 'vendor', 'mermaid', 'mermaid.min.js');

export const MERMAID_VERSION = readFileSync(join(PACKAGE_ROOT, 'vendor', 'mermaid', 'VERSION'), 'utf8').trim();
