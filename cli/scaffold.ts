/**
 * `lectern new` and `lectern init` share their code with `npm create lectern` (create-lectern/createTalk.js),
 * loaded from lectern's folder so the source and the compiled command find the same file.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT, PACKAGE_VERSION } from '../src/build/packageRoot.ts';

type Scaffold = typeof import('../create-lectern/createTalk.js');

export const TEMPLATE_DECK = path.join(PACKAGE_ROOT, 'slides', 'hello-lectern');

export function loadScaffold(): Promise<Scaffold> {
  return import(pathToFileURL(path.join(PACKAGE_ROOT, 'create-lectern', 'createTalk.js')).href) as Promise<Scaffold>;
}

export const LECTERN_RANGE = `^${PACKAGE_VERSION}`;
