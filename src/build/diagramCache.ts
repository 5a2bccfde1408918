import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagramCacheKey } from './renderDiagrams.ts';

/**
 * Rendered diagrams, one SVG file per diagram in `slides/<deck>/.diagrams/`,
 * named by the hash of its source and drawing style. Committed with the deck,
 * so an unchanged diagram never needs a browser again.
 */
export class DiagramCache {
  constructor(private readonly dir: string) {}

  get(source: string): string | undefined {
    const file = join(this.dir, `${diagramCacheKey(source)}.svg`);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  }

  set(source: string, svg: string): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(join(this.dir, `${diagramCacheKey(source)}.svg`), svg);
  }

  /** Drops the files no diagram of the deck uses any more, so the cache never grows stale. */
  prune(sources: string[]): void {
    if (!existsSync(this.dir)) return;
    const keep = new Set(sources.map((source) => `${diagramCacheKey(source)}.svg`));
    for (const name of readdirSync(this.dir)) if (!keep.has(name)) rmSync(join(this.dir, name));
  }
}
