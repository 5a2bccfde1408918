import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface PageWeight {
  page: string;
  files: string[];
  jsGzip: number;
  cssGzip: number;
}

/**
 * The JS and CSS a built page loads before it shows anything: its module script, the
 * chunks Vite preloads for it, and its stylesheets. Chunks loaded on demand (Mermaid
 * fallback, reveal's notes window) are not counted: a page that never needs them never fetches them.
 */
export function pageWeight(dist: string, page: string): PageWeight {
  const html = readFileSync(join(dist, page), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+\.(?:js|css))"/g)].map(
    (match) => match[1]!,
  );
  const unique = [...new Set(files)];
  let jsGzip = 0;
  let cssGzip = 0;
  for (const file of unique) {
    const path = join(dist, file.startsWith('/') ? file : join(page, '..', file));
    const size = gzipSync(readFileSync(path), { level: 9 }).length;
    if (file.endsWith('.css')) cssGzip += size;
    else jsGzip += size;
  }
  return { page, files: unique, jsGzip, cssGzip };
}
