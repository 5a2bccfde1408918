/**
 * One broken deck never stops a talk: `lectern build` builds every good deck and tells each broken one
 * once (file:line, reason, hint, no bundler stack), then exits with 1; `lectern start` serves the good
 * decks, says what is not served, and the library shows the broken deck with its fault.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROKEN_DECKS_FILE } from '../../src/build/brokenDecks.ts';
import { PROJECT_ROOT } from '../helpers/build.ts';
import { type Run, run, startLectern } from '../package/talkFolder.ts';

const TSX = join(PROJECT_ROOT, 'node_modules/.bin/tsx');
const CLI = join(PROJECT_ROOT, 'cli/main.ts');
const FAULTS = join(PROJECT_ROOT, 'tests/fixtures/faults');

/** Each fixture's fault, as the build must print it: the first line whole, then a hint line. */
const EXPECTED: Record<string, RegExp> = {
  'unknown-block': /^slides\/unknown-block\/deck\.md:7: unknown block "calout"\n {2}did you mean "callout"\?/m,
  'empty-deck': /^slides\/empty-deck\/deck\.md:4: this deck has no slides/m,
  'section-zero': /^slides\/section-zero\/deck\.md:5: a section's minutes are a whole number from 1 to 180, not 0\n/m,
  'section-huge':
    /^slides\/section-huge\/deck\.md:9: a section's minutes are a whole number from 1 to 180, not 99999999999999999999\n/m,
  'unknown-key': /^slides\/unknown-key\/deck\.md:4: unknown frontmatter key "thme"\n {2}did you mean "theme"\?/m,
  'yaml-error': /^slides\/yaml-error\/deck\.md:4: frontmatter is not valid YAML: bad indentation of a mapping entry\n/m,
  'missing-image': /^slides\/missing-image\/deck\.md:7: image not found: venue\.png/m,
  'missing-raw-media': /^slides\/missing-raw-media\/deck\.md:7: video not found: rollout\.webm/m,
};

/** Folders whose names break the one deck-name rule: each is named, with the rule and a name that would do. */
const BAD_NAMES: Record<string, string> = {
  'My Talk': 'my-talk',
  café: 'cafe',
  '100%': '100',
  'c#-intro': 'c-intro',
};

const scratch = mkdtempSync(join(tmpdir(), 'lectern-broken-'));
const talk = join(scratch, 'talk');
let build: Run;

beforeAll(async () => {
  const slides = join(talk, 'slides');
  mkdirSync(join(slides, 'good'), { recursive: true });
  writeFileSync(join(slides, 'good', 'deck.md'), '---\ntitle: The good deck\n---\n\n# Still presentable\n');
  for (const fault of readdirSync(FAULTS, { withFileTypes: true }).filter((entry) => entry.isDirectory()))
    cpSync(join(FAULTS, fault.name), join(slides, fault.name), { recursive: true });
  for (const name of Object.keys(BAD_NAMES)) {
    mkdirSync(join(slides, name));
    writeFileSync(join(slides, name, 'deck.md'), '---\ntitle: Badly named\n---\n\n# Hello\n');
  }
  build = await run(TSX, [CLI, 'build'], talk);
}, 240_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('lectern build with broken decks beside a good one', () => {
  it('builds the good deck and exits with 1', () => {
    expect(build.code).toBe(1);
    expect(existsSync(join(talk, 'dist', 'good', 'index.html'))).toBe(true);
    expect(existsSync(join(talk, 'dist', 'good', 'manifest.json'))).toBe(true);
    for (const fault of Object.keys(EXPECTED)) expect(existsSync(join(talk, 'dist', fault))).toBe(false);
  });

  it('tells each fault once, in at most three lines, with no bundler stack', () => {
    const output = `${build.stdout}${build.stderr}`;
    expect(output).not.toMatch(/Build failed|RolldownError|^\s+at /m);
    for (const [fault, message] of Object.entries(EXPECTED)) {
      expect(output, fault).toMatch(message);
      const lines = output.split('\n');
      const first = lines.findIndex((line) => line.startsWith(`slides/${fault}/`));
      // The fault's lines: where and why, then the indented hint; then the next fault or the summary.
      expect(lines[first + 1], fault).toMatch(/^ {2}\S/);
      expect(lines[first + 2], fault).toMatch(/^\S/);
      expect(
        lines.filter((line) => line.includes(`slides/${fault}/`)),
        fault,
      ).toHaveLength(1);
    }
    expect(output).toMatch(/lectern: 12 decks not built \(.*\); 1 built/);
  });

  it('names a badly named folder and the rule, before anything else fails', () => {
    const output = `${build.stdout}${build.stderr}`;
    for (const [name, suggestion] of Object.entries(BAD_NAMES)) {
      expect(output).toContain(
        `slides/${name}/: "${name}" cannot be a deck name: a deck's folder is its URL, so lowercase letters a–z, digits and dashes only (up to 64)\n  rename the folder to ${suggestion}\n`,
      );
    }
  });

  it('keeps the faults beside the built decks, where the server never serves them', () => {
    const kept = JSON.parse(readFileSync(join(talk, 'dist', BROKEN_DECKS_FILE), 'utf8')) as Array<{ id: string }>;
    expect(kept.map((deck) => deck.id).sort()).toEqual([...Object.keys(EXPECTED), ...Object.keys(BAD_NAMES)].sort());
  });
});

describe('lectern start with a broken deck', () => {
  it('serves the good deck, prints the broken ones, and the library shows them with their fault', async () => {
    const server = await startLectern(
      ['start', '--port', '0', '--host', '127.0.0.1', '--no-build', '--data', join(scratch, 'talks.sqlite')],
      talk,
      { LECTERN_PRESENTER_TOKEN: 'broken-deck-test-token-0123' },
      TSX,
      [CLI],
    );
    try {
      expect(server.output()).toMatch(/not served: slides\/unknown-block\/deck\.md:7: unknown block "calout"/);
      expect((await fetch(`${server.url}/good/`)).status).toBe(200);
      expect((await fetch(`${server.url}/good/join/`)).status).toBe(200);
      expect((await fetch(`${server.url}/unknown-block/`)).status).toBe(404);
      expect((await fetch(`${server.url}/${BROKEN_DECKS_FILE}`)).status).toBe(404);
      const library = await (await fetch(`${server.url}/`)).text();
      expect(library).toContain('href="./good/"');
      expect(library).toMatch(
        /<article class="library-deck library-deck-broken">[\s\S]*?<h2>unknown-block<\/h2>[\s\S]*?slides\/unknown-block\/deck\.md:7<\/code> <span dir="auto">unknown block &quot;calout&quot;/,
      );
      expect(library).not.toContain('href="./unknown-block/"');
    } finally {
      await server.stop();
    }
  });
});
