import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { describeLayoutRun, type LayoutRun } from '../../src/build/layout/checkBuild.ts';
import { formatWarning } from '../../src/build/layout/layoutCheck.ts';
import { DeckLoader } from '../../src/build/loadDeck.ts';
import type { DeckManifest } from '../../src/compile/manifest.ts';
import { pageWeight } from '../bench/pageWeight.ts';
import { buildFixtureDecks, DIST, FIXTURE_DECKS, PROJECT_ROOT } from '../helpers/build.ts';

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'lectern-build-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A slides folder with one deck holding `body`, for builds that must fail. */
function fixtureDeck(name: string, body: string): string {
  const slides = join(scratch, name, 'slides');
  mkdirSync(join(slides, 'broken'), { recursive: true });
  writeFileSync(join(slides, 'broken', 'deck.md'), `---\ntitle: Broken\n---\n${body}`);
  return slides;
}

describe('the built decks', () => {
  const manifest = (deck: string) =>
    JSON.parse(readFileSync(join(DIST, deck, 'manifest.json'), 'utf8')) as DeckManifest;

  it('gives every deck its pages and manifest, and the library lists them', () => {
    for (const deck of ['advanced-kubernetes', 'hello-lectern']) {
      for (const page of ['index.html', 'join/index.html', 'speaker/index.html', 'manifest.json']) {
        expect(existsSync(join(DIST, deck, page)), `${deck}/${page}`).toBe(true);
      }
    }
    const library = readFileSync(join(DIST, 'index.html'), 'utf8');
    expect(library).toContain('href="./advanced-kubernetes/"');
    expect(library).toContain('Advanced Kubernetes &amp; the machinery underneath');
    expect(library).toContain('~38 min');
    expect(library).toContain('The control plane, deep');
  });

  it('keeps the projected deck page under 80 KB gzip of JS and CSS', () => {
    const { jsGzip, cssGzip, files } = pageWeight(DIST, 'advanced-kubernetes/index.html');
    expect(files.some((file) => file.endsWith('.js'))).toBe(true);
    expect(jsGzip + cssGzip).toBeLessThan(80 * 1024);
  });

  it('loads nothing from another host', () => {
    for (const page of ['index.html', 'advanced-kubernetes/index.html', 'advanced-kubernetes/join/index.html']) {
      const html = readFileSync(join(DIST, page), 'utf8');
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    }
    const css = readdirSync(join(DIST, 'assets')).filter((file) => file.endsWith('.css'));
    for (const file of css)
      expect(readFileSync(join(DIST, 'assets', file), 'utf8')).not.toMatch(/url\((["']?)(https?:)?\/\//);
  });

  it('inlines every diagram of the shipped decks as SVG, from the committed cache', () => {
    const html = readFileSync(join(DIST, 'advanced-kubernetes', 'index.html'), 'utf8');
    expect(html.match(/<div class="diagram" data-diagram="[0-9a-f]+"[^>]*><svg/g)).toHaveLength(7);
    expect(html).not.toContain('diagram-lazy');
    expect(manifest('advanced-kubernetes').slideCount).toBeGreaterThan(30);
  });

  it('bundles images from the deck folder', () => {
    const html = readFileSync(join(DIST, 'hello-lectern', 'index.html'), 'utf8');
    expect(html).not.toContain('/slides/hello-lectern/lectern.svg');
    expect(html).toMatch(/<img src="(data:image\/svg\+xml|\/assets\/lectern-)[^"]*" alt="A small lectern">/);
  });
});

describe('diagrams', () => {
  it('fall back to Mermaid in the page when there is neither a cache nor a browser', async () => {
    const slides = join(scratch, 'lazy', 'slides');
    cpSync(join(PROJECT_ROOT, 'slides', 'hello-lectern'), join(slides, 'hello-lectern'), { recursive: true });
    rmSync(join(slides, 'hello-lectern', '.diagrams'), { recursive: true, force: true });
    const before = process.env.LECTERN_CHROME;
    process.env.LECTERN_CHROME = '/nonexistent/chrome';
    try {
      const loader = new DeckLoader(PROJECT_ROOT, slides);
      const deck = await loader.load('hello-lectern');
      await loader.close();
      expect(deck.diagramReport).toEqual({ fromCache: 0, rendered: 0, lazy: 1 });
      expect(deck.html).toContain('diagram-lazy');
    } finally {
      if (before === undefined) delete process.env.LECTERN_CHROME;
      else process.env.LECTERN_CHROME = before;
    }
  });

  it("ship Mermaid's bundle only in a build with a diagram it could not draw", async () => {
    const mermaidIn = (dist: string) => readdirSync(join(dist, 'assets')).filter((f) => f.startsWith('mermaid'));
    // The shipped decks: every diagram drawn, no 3 MB of Mermaid in dist/.
    expect(mermaidIn(DIST)).toEqual([]);

    const slides = join(scratch, 'fallback', 'slides');
    cpSync(join(PROJECT_ROOT, 'slides', 'hello-lectern'), join(slides, 'hello-lectern'), { recursive: true });
    rmSync(join(slides, 'hello-lectern', '.diagrams'), { recursive: true, force: true });
    const before = process.env.LECTERN_CHROME;
    process.env.LECTERN_CHROME = '/nonexistent/chrome';
    try {
      const out = join(scratch, 'fallback', 'dist');
      await buildFixtureDecks(slides, out, { layoutCheck: false });
      const [bundle] = mermaidIn(out);
      expect(bundle).toMatch(/^mermaid\.min-.+\.js$/);
      const scripts = readdirSync(join(out, 'assets'), { recursive: true, encoding: 'utf8' }).filter((f) =>
        f.endsWith('.js'),
      );
      expect(scripts.some((f) => readFileSync(join(out, 'assets', f), 'utf8').includes(`/assets/${bundle}`))).toBe(
        true,
      );
    } finally {
      if (before === undefined) delete process.env.LECTERN_CHROME;
      else process.env.LECTERN_CHROME = before;
    }
  });

  it('are rendered with the browser and cached, so the next build needs none', async () => {
    const slides = join(scratch, 'cache', 'slides');
    cpSync(join(PROJECT_ROOT, 'slides', 'hello-lectern'), join(slides, 'hello-lectern'), { recursive: true });
    rmSync(join(slides, 'hello-lectern', '.diagrams'), { recursive: true, force: true });
    const loader = new DeckLoader(PROJECT_ROOT, slides);
    const first = await loader.load('hello-lectern');
    await loader.close();
    expect(first.diagramReport).toEqual({ fromCache: 0, rendered: 1, lazy: 0 });
    expect(first.html).toMatch(/<div class="diagram" data-diagram="[0-9a-f]+"[^>]*><svg/);
    expect(readdirSync(join(slides, 'hello-lectern', '.diagrams'))).toHaveLength(1);

    const second = await new DeckLoader(PROJECT_ROOT, slides).load('hello-lectern');
    expect(second.diagramReport).toEqual({ fromCache: 1, rendered: 0, lazy: 0 });
  });
});

describe('a broken deck fails the build with file, line and reason', () => {
  it('when Mermaid cannot parse a diagram', async () => {
    const slides = fixtureDeck('mermaid', '# A\n\n```mermaid\nflowchart LR\n  a --> --> b\n```\n');
    await expect(buildFixtureDecks(slides, join(scratch, 'mermaid', 'dist'))).rejects.toThrow(
      /slides\/broken\/deck\.md:6: mermaid cannot draw this diagram/,
    );
  });

  it('when an image is missing', async () => {
    const slides = fixtureDeck('image', '# A\n\n![gone](./gone.png)\n');
    await expect(buildFixtureDecks(slides, join(scratch, 'image', 'dist'))).rejects.toThrow(
      /slides\/broken\/deck\.md:6: image not found: gone\.png/,
    );
  });

  it('when an image is outside the deck folder: a path out of it, an absolute path, a symlink', async () => {
    for (const [name, src] of [
      ['up', '../../tsconfig.json'],
      ['up-inside', './a/../../x.png'],
      ['absolute', '/etc/hostname'],
    ]) {
      const slides = fixtureDeck(`outside-${name}`, `# A\n\n![a](${src})\n`);
      await expect(new DeckLoader(PROJECT_ROOT, slides).load('broken'), src).rejects.toThrow(
        /slides\/broken\/deck\.md:6: images must be files in the deck folder, given by a relative path/,
      );
    }
    const slides = fixtureDeck('outside-symlink', '# A\n\n![a](./leak.png)\n');
    symlinkSync('/etc/hostname', join(slides, 'broken', 'leak.png'));
    await expect(new DeckLoader(PROJECT_ROOT, slides).load('broken')).rejects.toThrow(
      /slides\/broken\/deck\.md:6: image outside the deck folder: leak\.png is a link to \/etc\/hostname/,
    );
  });

  it('as `lectern build` prints it, run in the talk folder', async () => {
    fixtureDeck('cli', '# A\n\n::: quiz Q?\n- [x] a\n- [x] b\n\nWhy: c.\n:::\n');
    const failure = await run(
      join(PROJECT_ROOT, 'node_modules/.bin/tsx'),
      [join(PROJECT_ROOT, 'cli/main.ts'), 'build'],
      { cwd: join(scratch, 'cli') },
    ).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(`${failure?.stdout}${failure?.stderr}`).toMatch(
      /slides\/broken\/deck\.md:8: a quiz has exactly one right choice/,
    );
  });
});

describe('the layout check', () => {
  const file = 'tests/fixtures/decks/design-check/deck.md';
  const source = readFileSync(join(PROJECT_ROOT, file), 'utf8').split('\n');
  /** The deck-file line (1-based) of the first line starting with `start`. */
  const lineStarting = (start: string) => source.findIndex((line) => line.startsWith(start)) + 1;
  const codeLine = lineStarting('```go [');
  const tableLine = lineStarting('| # |');

  it('warns at file:line when a long code block or a long table does not fit its slide', async () => {
    let run: LayoutRun | undefined;
    await buildFixtureDecks(FIXTURE_DECKS, join(scratch, 'layout', 'dist'), { onLayout: (result) => (run = result) });
    expect(run?.skipped).toBeNull();
    const printed = run!.warnings.map(formatWarning);
    expect(printed).toContainEqual(
      expect.stringMatching(new RegExp(`^${file}:${codeLine}: this code block needs 122 lines; \\d+ fit: split it$`)),
    );
    expect(printed).toContainEqual(
      expect.stringMatching(
        new RegExp(`^${file}:${codeLine}: step 3 of this code block highlights lines 113–122, off-screen`),
      ),
    );
    expect(printed).toContainEqual(
      expect.stringMatching(new RegExp(`^${file}:${tableLine}: this table needs 15 rows; \\d+ fit$`)),
    );
    expect(printed).toContainEqual(
      expect.stringMatching(
        new RegExp(`^${file}:${lineStarting('const banner') - 1}: line 1 of this code block is cut at the right edge`),
      ),
    );
    expect(printed).toContainEqual(
      expect.stringMatching(new RegExp(`^${file}:${lineStarting('- Point 1:')}: this list has 40 items; \\d+ fit$`)),
    );
    // The slides that fit say nothing.
    expect(run!.warnings.every((warning) => warning.line !== null && warning.line >= codeLine)).toBe(true);
  });

  it('reuses its findings for a deck whose built page has not changed, and checks a changed one again', async () => {
    const slides = join(scratch, 'layout-cache', 'slides');
    cpSync(join(FIXTURE_DECKS, 'design-check'), join(slides, 'design-check'), { recursive: true });
    const out = join(scratch, 'layout-cache', 'dist');
    const runs: LayoutRun[] = [];
    const buildOnce = () => buildFixtureDecks(slides, out, { onLayout: (result) => runs.push(result) });
    await buildOnce();
    await buildOnce();
    expect(runs.map((r) => r.unchanged)).toEqual([0, 1]);
    expect(runs[1]!.warnings).toEqual(runs[0]!.warnings);
    expect(runs[1]!.warnings.length).toBeGreaterThan(0);
    expect(describeLayoutRun({ ...runs[1]!, warnings: [] }, false)).toContain('unchanged since the last check');

    const deck = join(slides, 'design-check', 'deck.md');
    writeFileSync(deck, `${readFileSync(deck, 'utf8')}\n---\n\n# One more slide\n`);
    await buildOnce();
    expect(runs[2]!.unchanged).toBe(0);
  });

  it('says it was skipped when there is no browser', async () => {
    let run: LayoutRun | undefined;
    const before = process.env.LECTERN_CHROME;
    process.env.LECTERN_CHROME = '/nonexistent/chrome';
    try {
      await buildFixtureDecks(FIXTURE_DECKS, join(scratch, 'no-browser', 'dist'), {
        onLayout: (result) => (run = result),
      });
    } finally {
      if (before === undefined) delete process.env.LECTERN_CHROME;
      else process.env.LECTERN_CHROME = before;
    }
    expect(run?.warnings).toEqual([]);
    expect(describeLayoutRun(run!, false)).toMatch(/^lectern: layout check skipped: no Chrome or Chromium found/);
  });

  it('fails `lectern build --strict` with the same lines', async () => {
    const talk = join(scratch, 'strict');
    cpSync(join(FIXTURE_DECKS, 'design-check'), join(talk, 'slides', 'design-check'), { recursive: true });
    const failure = await run(
      join(PROJECT_ROOT, 'node_modules/.bin/tsx'),
      [join(PROJECT_ROOT, 'cli/main.ts'), 'build', '--strict'],
      { cwd: talk },
    ).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).not.toBe(0);
    const output = `${failure?.stdout}${failure?.stderr}`;
    const inTalk = 'slides/design-check/deck.md';
    expect(output).toContain(`${inTalk}:${codeLine}: this code block needs 122 lines;`);
    expect(output).toContain(`${inTalk}:${tableLine}: this table needs 15 rows;`);
    expect(output).toContain('--strict: the build fails until every slide fits');
  });
});
