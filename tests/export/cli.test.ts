/** The export's small parts that need no browser: arguments, the progress line, the private file server. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../server/export/args.ts';
import { needsBuild } from '../../server/export/deckSource.ts';
import { ExportError } from '../../server/export/errors.ts';
import { countPdfPages } from '../../server/export/pdfPages.ts';
import { printUrl } from '../../server/export/printDeck.ts';
import { createProgress } from '../../server/export/progress.ts';
import { type StaticServer, serveStatic } from '../../server/export/staticServer.ts';

describe('parseArgs', () => {
  it('defaults to <deck>.pdf with nothing extra', () => {
    expect(parseArgs(['talk'])).toEqual({
      deck: 'talk',
      out: 'talk.pdf',
      notes: false,
      results: false,
      fragments: false,
      build: true,
    });
  });

  it('reads every flag, in any order', () => {
    expect(parseArgs(['--notes', 'talk', '--out', 'x/handout.pdf', '--results', '--fragments', '--no-build'])).toEqual({
      deck: 'talk',
      out: 'x/handout.pdf',
      notes: true,
      results: true,
      fragments: true,
      build: false,
    });
    expect(parseArgs(['slides/talk/', '--out=a.pdf', '--dist', 'build']).deck).toBe('talk');
    expect(parseArgs(['talk', '--dist', 'build']).dist).toBe('build');
  });

  it('reads the report and the runs it shows', () => {
    expect(parseArgs(['talk', '--report', '--compare', 'rehearsal'])).toEqual({
      deck: 'talk',
      out: 'talk-report.pdf',
      notes: false,
      results: false,
      fragments: false,
      build: true,
      report: true,
      compare: 'rehearsal',
    });
    expect(parseArgs(['talk', '--results', '--run', '2'])).toMatchObject({ results: true, run: '2' });
    expect(() => parseArgs(['talk', '--compare', '1'])).toThrow(/--compare goes with --report/);
    expect(() => parseArgs(['talk', '--report', '--notes'])).toThrow(/leave out --notes/);
  });

  it('refuses what it does not know, with the usage', () => {
    for (const argv of [[], ['a', 'b'], ['a', '--out'], ['a', '--pages']]) {
      expect(() => parseArgs(argv)).toThrow(ExportError);
    }
    expect(() => parseArgs(['a', '--pages'])).toThrow(/usage: lectern export/);
  });
});

describe('printUrl', () => {
  it("asks reveal's print view for slide-sized pages, one per slide", () => {
    const url = new URL(printUrl({ origin: 'http://127.0.0.1:9', deck: 'talk', notes: true, fragments: false }));
    expect(url.pathname).toBe('/talk/');
    expect(url.search).toContain('print-pdf');
    expect(url.searchParams.get('margin')).toBe('0');
    expect(url.searchParams.get('pdfMaxPagesPerSlide')).toBe('1');
    expect(url.searchParams.get('pdfSeparateFragments')).toBe('false');
    expect(url.searchParams.get('showNotes')).toBe('true');
  });
});

describe('progress', () => {
  const stream = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { chunks, isTTY, columns: 60, write: (text: string) => chunks.push(text) };
  };

  it('prints one plain line per step when not on a terminal', () => {
    const out = stream(false);
    const progress = createProgress(out, () => 0);
    progress.step('build');
    progress.step('print');
    progress.done('wrote a.pdf');
    expect(out.chunks).toEqual([
      'export 1/5 checking the build … 0.0s\n',
      'export 4/5 printing … 0.0s\n',
      'wrote a.pdf (0.0s)\n',
    ]);
  });

  it('redraws one line in place on a terminal, cut to its width', () => {
    const out = stream(true);
    const progress = createProgress(out, () => 0);
    progress.step('wait', 'a very long detail that would not fit on a sixty column terminal at all');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's escape codes are what is tested
    expect(out.chunks[0]).toMatch(/^\r\x1b\[2K█*░+ 3\/5 waiting/);
    expect(out.chunks[0]!.length - '\r\x1b[2K'.length).toBeLessThan(60);
    expect(out.chunks[0]).not.toContain('\n');
    progress.done();
    expect(out.chunks.at(-1)).toBe('\r\x1b[2K');
  });
});

describe('the private file server', () => {
  let root: string;
  let server: StaticServer;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-static-'));
    fs.mkdirSync(path.join(root, 'talk'));
    fs.writeFileSync(path.join(root, 'talk', 'index.html'), '<p>deck</p>');
    fs.writeFileSync(path.join(root, 'secret.txt'), 'no');
    server = await serveStatic(path.join(root, 'talk'));
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('listens on the loopback interface only', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves folders as their index.html with a type', async () => {
    const response = await fetch(`${server.origin}/?print-pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toBe('<p>deck</p>');
  });

  it('serves nothing outside its folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/missing.js']) {
      expect((await fetch(`${server.origin}${p}`)).status, p).toBe(404);
    }
  });
});

describe('countPdfPages', () => {
  it("reads the page tree's count", () => {
    const pdf = Buffer.from(
      '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj 2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >> endobj',
    );
    expect(countPdfPages(pdf)).toBe(2);
    expect(countPdfPages(Buffer.from('%PDF-1.7 no page tree in sight'))).toBeNull();
  });
});

describe('needsBuild', () => {
  let root: string;
  const touch = (file: string, secondsAgo: number) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (!fs.existsSync(file)) fs.writeFileSync(file, '');
    const at = new Date(Date.now() - secondsAgo * 1000);
    fs.utimesSync(file, at, at);
  };
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-stale-'));
    touch(path.join(root, 'slides', 'talk', 'deck.md'), 60);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('builds when the deck is not in dist/, or dist/ is older than a source', () => {
    const dist = path.join(root, 'dist');
    expect(needsBuild(root, dist, 'talk')).toBe(true);
    touch(path.join(dist, 'index.html'), 30);
    touch(path.join(dist, 'talk', 'manifest.json'), 30);
    // Folders themselves count as sources too (a deleted file changes its folder): age them as well.
    for (const folder of [path.join(root, 'slides', 'talk'), path.join(root, 'slides')]) touch(folder, 60);
    expect(needsBuild(root, dist, 'talk')).toBe(false);
    expect(needsBuild(root, dist, 'other')).toBe(true);
    touch(path.join(root, 'slides', 'talk', 'deck.md'), 0);
    expect(needsBuild(root, dist, 'talk')).toBe(true);
  });
});
