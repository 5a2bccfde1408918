import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * lectern's own folder (where its package.json is), found from this file whether it runs as source
 * (`src/build/`) or compiled (`lib/src/build/`). Pages' scripts, themes, the Mermaid bundle and the
 * starter deck live there; the talk folder (slides/, dist/, .lectern/) is somewhere else.
 */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'lectern') return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`lectern: cannot find lectern's package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();

/** lectern's version, from its package.json. */
export const PACKAGE_VERSION: string = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;
