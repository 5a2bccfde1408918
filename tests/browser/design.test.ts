import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureDeck } from '../../src/build/layout/measureDeck.ts';
import {
  figuresOf,
  formatFigures,
  formatProblems,
  judgeDeck,
  type RoomFigures,
} from '../../src/build/layout/roomRules.ts';
import { listDecks } from '../../src/build/loadDeck.ts';
import { compileDeck } from '../../src/compile/compileDeck.ts';
import { THEMES } from '../../src/compile/manifest.ts';
import { startBrowser } from '../helpers/browser.ts';
import { buildFixtureDecks, FIXTURE_DECKS, PROJECT_ROOT } from '../helpers/build.ts';
import { type StaticServer, serveDist } from '../helpers/staticServer.ts';

/**
 * Every slide of every deck, at every fragment step, on every theme, at projector size (1280×720),
 * held to what the back row needs: type above its floor by role, diagram labels drawn large and
 * unbroken, nothing past the slide's edges, code and diagram text that contrast, a counter clear of
 * the controls. The shipped decks are joined by a fixture deck built here: content at the layout's
 * limits (right-to-left and CJK text, long code, a wide table, long lists, one diagram per type).
 */

interface DeckUnderTest {
  id: string;
  /** The deck file, relative to the project, as problems name it. */
  file: string;
  /** Which build serves it: the project's `dist/` or the fixtures' own. */
  build: 'dist' | 'fixtures';
}

const SLIDES_DIR = join(PROJECT_ROOT, 'slides');
const DECKS: DeckUnderTest[] = [
  ...listDecks(SLIDES_DIR).map((id) => ({ id, file: `slides/${id}/deck.md`, build: 'dist' as const })),
  ...listDecks(FIXTURE_DECKS).map((id) => ({
    id,
    file: `tests/fixtures/decks/${id}/deck.md`,
    build: 'fixtures' as const,
  })),
];

const fixturesOut = mkdtempSync(join(tmpdir(), 'lectern-design-'));
let browser: Browser;
const servers: Partial<Record<DeckUnderTest['build'], StaticServer>> = {};
const figures: Array<{ deck: string; theme: string; figures: RoomFigures }> = [];

beforeAll(async () => {
  // The fixtures' overflows are the build test's business; here the walk measures them itself.
  await buildFixtureDecks(FIXTURE_DECKS, fixturesOut, { layoutCheck: false });
  [browser, servers.dist, servers.fixtures] = await Promise.all([startBrowser(), serveDist(), serveDist(fixturesOut)]);
});

afterAll(async () => {
  const order = (row: { deck: string; theme: string }) =>
    `${DECKS.findIndex((deck) => deck.id === row.deck)}/${THEMES.indexOf(row.theme as never)}`;
  if (figures.length) console.log(`\n${formatFigures(figures.sort((a, b) => order(a).localeCompare(order(b))))}\n`);
  await browser?.close();
  await Promise.all(Object.values(servers).map((server) => server?.close()));
  rmSync(fixturesOut, { recursive: true, force: true });
});

/**
 * Blocks of the fixture deck that are too big for any slide on purpose (the build must warn about
 * them, tests/build/build.test.ts): found by how their first line starts. Their overflow is expected
 * here, and asserted; every other check still applies to them.
 */
const OVERFLOWS_ON_PURPOSE: Record<string, string[]> = {
  'design-check': ['```go [', '```js', '| # |', '- Point 1:'],
};

describe.each(DECKS)('the $id deck, as the room sees it', (deck) => {
  const source = readFileSync(join(PROJECT_ROOT, deck.file), 'utf8');
  const diagramSources = compileDeck(source, { deckId: deck.id, file: deck.file }).diagrams.map(
    (diagram) => diagram.source,
  );
  const lines = source.split('\n');
  const onPurpose = new Set(
    (OVERFLOWS_ON_PURPOSE[deck.id] ?? []).map((start) => lines.findIndex((line) => line.startsWith(start)) + 1),
  );

  it.each(THEMES)('meets the room’s floors on the %s theme at every slide and fragment step', async (theme) => {
    const slides = await measureDeck(browser, `${servers[deck.build]!.url}/${deck.id}/`, {
      full: true,
      theme,
      diagramSources,
    });
    expect(slides.length).toBeGreaterThan(0);
    figures.push({ deck: deck.id, theme, figures: figuresOf(slides) });
    const overflowing = new Set(slides.flatMap((slide) => slide.overflows.map((overflow) => overflow.line)));
    for (const line of onPurpose)
      expect(overflowing, `${deck.file}:${line} is too big for a slide and must be reported`).toContain(line);
    for (const slide of slides)
      slide.overflows = slide.overflows.filter((overflow) => !onPurpose.has(overflow.line ?? 0));
    const problems = judgeDeck(slides, deck.file);
    // The message is the table of faults; the compared list stays short so the diff does not bury it.
    expect(
      problems.map((problem) => `${problem.kind}: ${problem.problem}`),
      formatProblems(problems, `${deck.id} on ${theme}`),
    ).toEqual([]);
  });
});
