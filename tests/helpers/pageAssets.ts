/**
 * What a built page loads: the JS and CSS its HTML names (scripts, stylesheets, module preloads) and
 * everything those scripts import statically, which the page fetches before it shows anything; and,
 * apart, the scripts it may fetch later (`import()`, or a `?url` asset such as Mermaid's bundle) with
 * their own static imports.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface PageAssets {
  /** Absolute paths of the JS and CSS loaded up front. */
  upFront: string[];
  /** Absolute paths of the JS the page may load later, not loaded up front. */
  later: string[];
}

const STATIC_IMPORT = /(?:^|[;\s}])import\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+\.js)["']/g;
/** Any built script named in code: `import("./x-abc.js")`, Vite's preload list, a `?url` asset. */
const NAMED_SCRIPT = /[\w.-]+-[\w-]{8}\.js\b/g;

/** Asset URLs (root-relative) a page references with script, stylesheet and modulepreload tags. */
function htmlAssets(html: string): string[] {
  const urls: string[] = [];
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) urls.push(match[1]!);
  for (const match of html.matchAll(/<link\b[^>]*\brel="(?:stylesheet|modulepreload)"[^>]*\bhref="([^"]+)"/g))
    urls.push(match[1]!);
  for (const match of html.matchAll(/<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="(?:stylesheet|modulepreload)"/g))
    urls.push(match[1]!);
  return urls;
}

/** `start` and every script they import statically, transitively. */
function withStaticImports(start: string[], skip: Set<string> = new Set()): string[] {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file) || skip.has(file) || !/\.(js|css)$/.test(file)) continue;
    seen.add(file);
    if (file.endsWith('.js'))
      for (const match of fs.readFileSync(file, 'utf8').matchAll(STATIC_IMPORT))
        queue.push(path.resolve(path.dirname(file), match[1]!));
  }
  return [...seen];
}

/** The assets of the page at `page` (its path under `distDir`, e.g. `hello-lectern/join/index.html`). */
export function pageAssets(distDir: string, page: string): PageAssets {
  const html = fs.readFileSync(path.join(distDir, page), 'utf8');
  const upFront = withStaticImports(htmlAssets(html).map((url) => path.join(distDir, url.replace(/^\//, ''))));
  const loaded = new Set(upFront);
  const later = new Set<string>();
  const queue = upFront.filter((file) => file.endsWith('.js'));
  while (queue.length) {
    const file = queue.shift()!;
    for (const [name] of fs.readFileSync(file, 'utf8').matchAll(NAMED_SCRIPT)) {
      const named = path.join(path.dirname(file), name);
      if (loaded.has(named) || later.has(named) || !fs.existsSync(named)) continue;
      for (const reached of withStaticImports([named], loaded)) {
        if (later.has(reached)) continue;
        later.add(reached);
        if (reached.endsWith('.js')) queue.push(reached);
      }
    }
  }
  return { upFront, later: [...later] };
}
