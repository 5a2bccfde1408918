/**
 * A warm `lectern build` keeps the last build's dist/ when nothing it is made of has changed, and builds
 * again when something has: the deck, an image in its folder, a theme, lectern itself, or dist/. The
 * command runs from a copy of lectern, so a test can edit lectern's own files as an upgrade would.
 */
import { execFile } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStale } from '../../src/build/buildIfStale.ts';
import { findBrowser } from '../../src/build/findBrowser.ts';
import { PROJECT_ROOT } from '../helpers/build.ts';

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'lectern-warm-'));
const lectern = join(scratch, 'lectern');
const talk = join(scratch, 'talk');
const dist = join(talk, 'dist');
/** Written by the browser wrapper each time a build starts the browser. */
const launched = join(scratch, 'browser-launched');
const wrapper = join(scratch, 'chromium.sh');

interface Build {
  code: number;
  output: string;
  /** The build kept dist/ from the last one rather than running Vite. */
  kept: boolean;
  /** The build wrote the changed pages from the last build's, without Vite. */
  withoutVite: boolean;
  /** The build started the browser. */
  browser: boolean;
}

async function build(...flags: string[]): Promise<Build> {
  return buildIn(talk, ...flags);
}

async function buildIn(folder: string, ...flags: string[]): Promise<Build> {
  rmSync(launched, { force: true });
  const result = await run(
    join(PROJECT_ROOT, 'node_modules/.bin/tsx'),
    [join(lectern, 'cli/main.ts'), 'build', ...flags],
    { cwd: folder, env: { ...process.env, LECTERN_CHROME: wrapper } },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, output: `${stdout}${stderr}` }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: `${error.stdout}${error.stderr}`,
    }),
  );
  const log = readFileSync(join(folder, '.lectern', 'build.log'), 'utf8');
  return {
    ...result,
    kept: log.includes('kept from the last build'),
    withoutVite: log.includes('updated without Vite'),
    browser: existsSync(launched),
  };
}

const read = (file: string) => readFileSync(join(dist, file), 'utf8');
/** Every built script and stylesheet, one string. */
const assets = () =>
  readdirSync(join(dist, 'assets'), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(js|css)$/.test(file))
    .map((file) => read(join('assets', file)))
    .join('\n');
/** Whether the built scripts and stylesheets hold `text` (a boolean: a failure should not print them all). */
const bundled = (text: string) => assets().includes(text);

beforeAll(async () => {
  for (const part of ['cli', 'server', 'src', 'themes', 'vendor', 'package.json'])
    cpSync(join(PROJECT_ROOT, part), join(lectern, part), { recursive: true });
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(lectern, 'node_modules'));
  cpSync(join(PROJECT_ROOT, 'slides', 'hello-lectern'), join(talk, 'slides', 'hello-lectern'), { recursive: true });
  writeFileSync(wrapper, `#!/bin/sh\ntouch '${launched}'\nexec '${findBrowser()}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  const first = await build();
  expect(first.code, first.output).toBe(0);
  expect(first.kept).toBe(false);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('a warm build', () => {
  it('with nothing changed keeps dist/, starts no browser and says what it always says', async () => {
    const times = () =>
      readdirSync(join(dist, 'assets'), { recursive: true, encoding: 'utf8' }).map(
        (file) => statSync(join(dist, 'assets', file)).mtimeMs,
      );
    const before = times();
    const warm = await build();
    expect(warm.code, warm.output).toBe(0);
    expect(warm.kept).toBe(true);
    expect(warm.browser).toBe(false);
    expect(warm.output).toContain('hello-lectern: 12 slides, 2 polls');
    expect(warm.output).toContain(
      'lectern: layout checked: every slide of 1 deck fits (unchanged since the last check)',
    );
    expect(times()).toEqual(before);
  });

  it('builds again when deck.md changed, and the page shows the change', async () => {
    const deck = join(talk, 'slides', 'hello-lectern', 'deck.md');
    writeFileSync(deck, `${readFileSync(deck, 'utf8')}\n---\n\n# A slide added since\n`);
    const changed = await build();
    expect(changed.kept).toBe(false);
    expect(changed.output).toContain('hello-lectern: 13 slides, 2 polls');
    expect(read('hello-lectern/index.html')).toContain('A slide added since');
    expect(JSON.parse(read('hello-lectern/manifest.json')).slideCount).toBe(13);
  });

  it('builds again when an image is replaced under the same name', async () => {
    const image = join(talk, 'slides', 'hello-lectern', 'lectern.svg');
    writeFileSync(image, readFileSync(image, 'utf8').replace('#7dd3fc', '#f97316'));
    const changed = await build();
    expect(changed.kept).toBe(false);
    const page = read('hello-lectern/index.html');
    const src = /<img src="([^"]+)" alt="A small lectern">/.exec(page)![1]!;
    const svg = src.startsWith('data:') ? decodeURIComponent(src) : read(src.slice(1));
    expect(svg).toContain('f97316');
  });

  it("builds again when a theme's CSS changes, and the stylesheet has it", async () => {
    const theme = join(lectern, 'themes', 'dark.css');
    writeFileSync(theme, `${readFileSync(theme, 'utf8')}\n.warm-build-marker { outline-offset: 7px; }\n`);
    const changed = await build();
    expect(changed.kept).toBe(false);
    expect(bundled('.warm-build-marker')).toBe(true);
  });

  it('builds again after a lectern upgrade: its new page scripts are in dist/', async () => {
    const pkg = join(lectern, 'package.json');
    writeFileSync(pkg, readFileSync(pkg, 'utf8').replace(/"version": "[^"]+"/, '"version": "99.0.0"'));
    const main = join(lectern, 'src', 'deck', 'main.ts');
    writeFileSync(main, `${readFileSync(main, 'utf8')}\nconsole.info('lectern 99 deck page');\n`);
    const upgraded = await build();
    expect(upgraded.kept).toBe(false);
    expect(bundled('lectern 99 deck page')).toBe(true);
  });

  it('builds again when a file of dist/ was removed or changed', async () => {
    expect((await build()).kept).toBe(true);
    rmSync(join(dist, 'hello-lectern', 'join', 'index.html'));
    const rebuilt = await build();
    expect(rebuilt.kept).toBe(false);
    expect(existsSync(join(dist, 'hello-lectern', 'join', 'index.html'))).toBe(true);
    writeFileSync(join(dist, 'index.html'), 'edited by hand');
    expect((await build()).kept).toBe(false);
    expect(read('index.html')).toContain('hello-lectern');
  });

  it('still tells a broken deck and exits with 1, built or kept', async () => {
    cpSync(join(talk, 'slides', 'hello-lectern'), join(talk, 'slides', 'broken'), { recursive: true });
    writeFileSync(join(talk, 'slides', 'broken', 'deck.md'), '---\ntitle: Broken\n---\n# A\n\n![gone](./gone.png)\n');
    for (const expectKept of [false, true]) {
      // Written by every build, kept or not (it is not part of what a kept build checks in dist/).
      rmSync(join(dist, '.broken-decks.json'), { force: true });
      const result = await build();
      expect(result.kept).toBe(expectKept);
      // Kept, nothing needs laying out: no browser starts for the deck that fails as it did.
      if (expectKept) expect(result.browser).toBe(false);
      expect(result.code).toBe(1);
      expect(result.output).toContain('slides/broken/deck.md:6: image not found: gone.png');
      expect(result.output).toContain('1 deck not built (broken); 1 built');
      expect(read('index.html')).toContain('broken');
      // What `lectern start` reads to tell it again without building.
      expect(JSON.parse(read('.broken-decks.json'))).toMatchObject([{ id: 'broken', line: 6 }]);
    }
    rmSync(join(talk, 'slides', 'broken'), { recursive: true });
    expect((await build()).code).toBe(0);
    expect(existsSync(join(dist, '.broken-decks.json'))).toBe(false);
  });

  it('with --strict still fails on a slide that does not fit, built or kept', async () => {
    const deck = join(talk, 'slides', 'hello-lectern', 'deck.md');
    const rows = Array.from({ length: 40 }, (_, i) => `- Point ${i + 1}`).join('\n');
    writeFileSync(deck, `${readFileSync(deck, 'utf8')}\n---\n\n# Too long\n\n${rows}\n`);
    for (const expectKept of [false, true]) {
      const result = await build('--strict');
      expect(result.kept).toBe(expectKept);
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/slides\/hello-lectern\/deck\.md:\d+: this list has 40 items; \d+ fit/);
      expect(result.output).toContain('--strict: the build fails until every slide fits');
    }
  });
});

describe('after an edit to one slide', () => {
  const deck = join(talk, 'slides', 'hello-lectern', 'deck.md');
  const lineOf = (text: string) =>
    readFileSync(deck, 'utf8')
      .split('\n')
      .findIndex((line) => line.startsWith(text)) + 1;
  /** The warning on the slide of 40 points the last test left at the end of the deck, at its line now. */
  const tooLong = () => `slides/hello-lectern/deck.md:${lineOf('- Point 1')}: this list has 40 items;`;
  const edit = (from: string, to: string) => {
    const text = readFileSync(deck, 'utf8');
    expect(text).toContain(from);
    writeFileSync(deck, text.replace(from, to));
  };

  it('lays out only that slide, and still warns about a slide it did not lay out, at its new line', async () => {
    expect((await build()).output).toContain(tooLong());
    // Two lines more above the slide that does not fit: its warning moves down with it.
    edit('# A slide added since\n', '# A slide added since\n\nWith a line more.\n');
    const edited = await build();
    expect(edited.code, edited.output).toBe(0);
    expect(edited.kept).toBe(false);
    expect(edited.output).toMatch(
      /layout checked: 1 of 14 slides laid out in \d+\.\d s, the others unchanged since the last check/,
    );
    expect(edited.output).toContain(tooLong());
    expect(edited.output).toContain('1 warning:');
  });

  it('warns about the slide the edit made overflow', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `- Step ${i + 1}`).join('\n');
    edit('With a line more.\n', `With a line more.\n\n${rows}\n`);
    const edited = await build();
    expect(edited.output).toMatch(
      /layout checked: 1 of 14 slides laid out in \d+\.\d s, the others unchanged since the last check/,
    );
    expect(edited.output).toContain(`slides/hello-lectern/deck.md:${lineOf('- Step 1')}: this list has 30 items;`);
    expect(edited.output).toContain(tooLong());
    expect(edited.output).toContain('2 warnings:');
  });

  it('writes, without Vite, the same dist/ as a build from scratch', async () => {
    const edited = await build();
    expect(edited.withoutVite || edited.kept).toBe(true);
    // Another slide's text, one line more: the slides below it move down a line.
    edit('## Lists that build up\n', '## Lists that build, one step at a time\n\n');
    const patched = await build();
    expect(patched.withoutVite, patched.output).toBe(true);
    // `lectern start` takes it as the build of what was saved, and does not build again.
    expect(isStale(talk, dist, lectern)).toBe(false);
    const fresh = join(scratch, 'fresh');
    cpSync(join(talk, 'slides'), join(fresh, 'slides'), { recursive: true });
    const scratchBuild = await buildIn(fresh);
    expect(scratchBuild.withoutVite).toBe(false);
    const files = (dir: string) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((file) => !file.split('/').some((part) => part.startsWith('.')) && statSync(join(dir, file)).isFile())
        .sort();
    expect(files(dist)).toEqual(files(join(fresh, 'dist')));
    const differing = files(dist).filter(
      (file) => readFileSync(join(dist, file), 'utf8') !== readFileSync(join(fresh, 'dist', file), 'utf8'),
    );
    expect(differing).toEqual([]);
  });

  it('lays out no slide when only speaker notes changed', async () => {
    edit('Welcome the room.', 'Welcome the whole room.');
    const edited = await build();
    expect(edited.kept).toBe(false);
    expect(edited.output).toContain('(layout checked: unchanged since the last check)');
    expect(edited.output).toContain('2 warnings:');
  });

  it("lays out every slide again when the theme's CSS changed", async () => {
    const theme = join(lectern, 'themes', 'dark.css');
    writeFileSync(theme, `${readFileSync(theme, 'utf8')}\n.slide-body { outline-offset: 3px; }\n`);
    const changed = await build();
    expect(changed.browser).toBe(true);
    expect(changed.output).toMatch(/\(layout checked: \d+\.\d s\)/);
    expect(changed.output).toContain(tooLong());
    expect(changed.output).toContain('2 warnings:');
  });
});
