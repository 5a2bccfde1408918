/**
 * Which libraries each built page may ship. A phone on the venue's wifi downloads what its page loads
 * up front, so a library that slips into a page (highlight.js into the phone page because a shared
 * module imported the compile step, say) is a regression even when every page still works.
 *
 * Each library is known by text of its own that survives minification and that lectern's code does not
 * contain. Every page's list is exact, so a marker that stops matching fails too.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DIST } from '../helpers/build.ts';
import { pageAssets } from '../helpers/pageAssets.ts';

const LIBRARIES = {
  'reveal.js': /plugin has already been registered/,
  'highlight.js': /highlightAuto|registerLanguage/,
  Mermaid: /mermaidAPI/,
  'socket.io-client': /io server disconnect/,
  // Markdown for reveal's speaker notes plugin; Mermaid carries its own copy.
  marked: /marked\(\): /,
  zod: /ZodError/,
  qrcode: /Invalid QR Code version/,
} as const;
type Library = keyof typeof LIBRARIES;

function librariesIn(files: string[]): Library[] {
  const code = files
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  return (Object.keys(LIBRARIES) as Library[]).filter((library) => LIBRARIES[library].test(code));
}

function librariesOf(distDir: string, page: string): { upFront: Library[]; later: Library[] } {
  const assets = pageAssets(distDir, page);
  return { upFront: librariesIn(assets.upFront), later: librariesIn(assets.later) };
}

interface PageRule {
  page: (deck: string) => string;
  /** Libraries in what the page loads before it shows anything. */
  upFront: Library[];
  /** Libraries the page may load later, only when it needs them. */
  later: Library[];
}

const PAGES: Record<string, PageRule> = {
  // A list of links and a chooser: no library at all.
  'the library (/)': { page: () => 'index.html', upFront: [], later: [] },
  'the join chooser (/join/)': { page: () => 'join/index.html', upFront: [], later: [] },
  // Code is highlighted at build time and diagrams drawn at build time: the deck needs reveal.js; the
  // socket only once the talk is live, reveal's notes plugin (and its Markdown) only when asked for.
  // Mermaid comes only with a diagram the build could not draw, which these decks do not have
  // (tests/build/build.test.ts builds one that does).
  'the deck, on the projector (/<deck>/)': {
    page: (deck) => `${deck}/index.html`,
    upFront: ['reveal.js'],
    later: ['socket.io-client', 'marked'],
  },
  // The phone page gets the least: lectern's own code, whose plain WebSocket is the phone's wire.
  // socket.io-client comes later, only for a phone whose WebSocket cannot open (the fallback).
  'the phone page (/<deck>/join/)': {
    page: (deck) => `${deck}/join/index.html`,
    upFront: [],
    later: ['socket.io-client'],
  },
  // The speaker view shows slides from the deck's HTML and diagrams as the build drew them: no reveal.js.
  // Its socket.io-client is a chunk of its own (the connection module is the phone's too), loaded at once.
  'the speaker view (/<deck>/speaker/)': {
    page: (deck) => `${deck}/speaker/index.html`,
    upFront: [],
    later: ['socket.io-client'],
  },
};

const DECKS = readdirSync(DIST, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'assets' && entry.name !== 'join')
  .map((entry) => entry.name);

describe('each built page ships only the libraries it needs', () => {
  it('finds the decks in dist/', () => {
    expect(DECKS).toEqual(expect.arrayContaining(['hello-lectern', 'advanced-kubernetes']));
  });

  for (const [name, rule] of Object.entries(PAGES)) {
    it.each(DECKS)(`${name} (%s)`, (deck) => {
      const found = librariesOf(DIST, rule.page(deck));
      expect({ upFront: found.upFront.sort(), later: found.later.sort() }).toEqual({
        upFront: [...rule.upFront].sort(),
        later: [...rule.later].sort(),
      });
    });
  }
});

describe('the check itself', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'lectern-page-libraries-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('sees highlight.js that a page imports statically, and Mermaid that it names for later', () => {
    mkdirSync(join(scratch, 'assets'));
    copyFileSync(
      join(import.meta.dirname, '../../node_modules/highlight.js/lib/core.js'),
      join(scratch, 'assets/hl-AAAAAAAA.js'),
    );
    copyFileSync(
      join(import.meta.dirname, '../../vendor/mermaid/mermaid.min.js'),
      join(scratch, 'assets/mm-BBBBBBBB.js'),
    );
    writeFileSync(
      join(scratch, 'assets/main-CCCCCCCC.js'),
      'import"./hl-AAAAAAAA.js";const lazy=()=>import(`./mm-BBBBBBBB.js`);\n',
    );
    writeFileSync(join(scratch, 'page.html'), '<script type="module" src="/assets/main-CCCCCCCC.js"></script>');
    expect(librariesOf(scratch, 'page.html')).toEqual({ upFront: ['highlight.js'], later: ['Mermaid', 'marked'] });
  });
});
