/**
 * The seed deck exported to PDF through the real command line and the system browser, checked with
 * poppler-utils: one page per slide, every title and question as text, diagrams as vector paths,
 * notes with `--notes`, the room's counts with `--results`, one page per step with `--fragments`.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisStore } from '../../server/store/redis.ts';
import type { QuizPoll } from '../../src/compile/manifest.ts';
import { DIST } from '../helpers/build.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { type BuiltSlide, readBuiltSlides, readManifest } from './builtDeck.ts';
import { fillStore, fillTalk, type TalkFixture } from './fillStore.ts';
import { normalize, pdfFonts, pdfImagesOnPage, pdfInfo, pdfPageTexts, pdfWords, wordsOverlap } from './pdf.ts';
import { runExport } from './runExport.ts';

const DECK = 'advanced-kubernetes';
const manifest = readManifest(DIST, DECK);
const slides: BuiltSlide[] = readBuiltSlides(DIST, DECK);
const quizzes = manifest.polls.filter((p): p is QuizPoll => p.kind === 'quiz');

/** 23 voters on the first quiz, 16 on the second, none on the rest; 26 ratings. */
const TALK: TalkFixture = {
  quizzes: { [quizzes[0]!.id]: [3, 1, 17, 2], [quizzes[1]!.id]: [9, 4, 2, 1] },
  ratings: [0, 1, 2, 9, 14],
};

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-export-test-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function exportTo(name: string, flags: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const out = path.join(dir, name);
  const run = await runExport([DECK, '--out', out, ...flags], env);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toContain(`wrote `);
  return out;
}

describe('export of the seed deck', () => {
  let file: string;
  let pages: string[];
  beforeAll(async () => {
    file = await exportTo('plain.pdf', []);
    pages = pdfPageTexts(file);
  });

  it('has one slide-sized page per slide', () => {
    expect(slides).toHaveLength(manifest.slideCount);
    expect(pdfInfo(file)).toEqual({ pages: manifest.slideCount, width: 960, height: 540 });
  });

  it("holds every slide's title as text on its own page", () => {
    for (const [i, slide] of manifest.slides.entries())
      expect(pages[i], `page ${i + 1}`).toContain(normalize(slide.title));
  });

  it('holds every question and its choices on the poll slide', () => {
    for (const quiz of quizzes) {
      const page = pages[quiz.slide.h]!;
      expect(page).toContain(normalize(quiz.prompt));
      for (const choice of quiz.choices) expect(page).toContain(normalize(choice));
    }
  });

  it('draws diagrams as vector paths with text labels, not bitmaps', () => {
    const withDiagrams = slides.filter((s) => s.diagramLabels.length > 0);
    expect(withDiagrams.length).toBeGreaterThan(0);
    for (const slide of withDiagrams) {
      expect(pdfImagesOnPage(file, slide.h + 1), `bitmaps on page ${slide.h + 1}`).toBe(0);
      expect(pages[slide.h], `page ${slide.h + 1}`).toContain(slide.diagramLabels[0]);
    }
  });

  it('leaves speaker notes out unless asked', () => {
    const noted = slides.find((s) => s.notes.length > 40)!;
    expect(pages[noted.h]).not.toContain(noted.notes.slice(0, 40));
  });

  it('embeds each font once', () => {
    const fonts = pdfFonts(file);
    expect(fonts.length).toBeGreaterThan(0);
    expect(new Set(fonts.map((f) => f.replace(/^[A-Z]{6}\+/, ''))).size).toBe(fonts.length);
  });
});

describe('export with --notes --results', () => {
  let file: string;
  let pages: string[];
  beforeAll(async () => {
    const data = path.join(dir, 'talk.sqlite');
    await fillStore(data, DECK, TALK);
    // A live server in the middle of a commit: the export must read past it, never wait for or take the lock.
    const live = new Database(data);
    live.exec('BEGIN IMMEDIATE');
    try {
      file = await exportTo('handout.pdf', ['--notes', '--results'], { LECTERN_DATA: data });
    } finally {
      live.exec('ROLLBACK');
      live.close();
    }
    pages = pdfPageTexts(file);
  });

  it('still has one page per slide', () => {
    expect(pdfInfo(file).pages).toBe(manifest.slideCount);
  });

  it("carries each slide's notes on its page", () => {
    // pdftotext joins a word hyphenated at a line end ("kube-" "proxy" → "kubeproxy").
    const unhyphenated = (text: string) => text.replaceAll('-', '');
    for (const slide of slides.filter((s) => s.notes)) {
      expect(unhyphenated(pages[slide.h]!), `notes of page ${slide.h + 1}`).toContain(unhyphenated(slide.notes));
    }
  });

  it('shows the counts, % right and the right answer of each quiz', () => {
    for (const quiz of quizzes) {
      const page = pages[quiz.slide.h]!;
      const counts = TALK.quizzes[quiz.id];
      if (!counts) {
        expect(page).toContain(`no votes · answer ${'ABCDEF'[quiz.answer]}`);
        continue;
      }
      const voters = counts.reduce((a, b) => a + b, 0);
      const share = (n: number) => Math.round((n / voters) * 1000) / 10;
      counts.forEach((count) => expect(page).toContain(`${count} · ${share(count)}%`));
      expect(page).toContain(
        `${voters} voters · ${share(counts[quiz.answer]!)}% right · answer ${'ABCDEF'[quiz.answer]}`,
      );
    }
  });

  it('shows the rating summary on the rating slide', () => {
    const rating = manifest.polls.find((p) => p.kind === 'rating')!;
    const count = TALK.ratings.reduce((a, b) => a + b, 0);
    const average = TALK.ratings.reduce((sum, n, i) => sum + n * (i + 1), 0) / count;
    expect(pages[rating.slide.h]).toContain(`${average.toFixed(1)} / 5 · ${count} ratings`);
  });
});

describe('export with --results from Redis', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
    const store = await openRedisStore(redis.url);
    try {
      await fillTalk(store, DECK, TALK);
    } finally {
      await store.close();
    }
  });
  afterAll(() => redis?.stop());

  it('reads the talk from REDIS_URL, the store of a talk served by several nodes', async () => {
    const file = await exportTo('from-redis.pdf', ['--results'], {
      REDIS_URL: redis.url,
      LECTERN_DATA: path.join(dir, 'absent.sqlite'),
    });
    const quiz = quizzes[0]!;
    const counts = TALK.quizzes[quiz.id]!;
    const voters = counts.reduce((a, b) => a + b, 0);
    expect(pdfPageTexts(file)[quiz.slide.h]).toContain(`${voters} voters · `);
  });
});

describe('export with --fragments', () => {
  it('prints one page per fragment step', async () => {
    const file = await exportTo('steps.pdf', ['--fragments']);
    const steps = manifest.slides.reduce((sum, slide) => sum + 1 + slide.fragments, 0);
    expect(steps).toBeGreaterThan(manifest.slideCount);
    expect(pdfInfo(file).pages).toBe(steps);
  });
});

describe('export errors', () => {
  const expectCleanFailure = (run: { code: number; stderr: string }) => {
    expect(run.code).not.toBe(0);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  };

  it('says how to get a browser when there is none', async () => {
    const run = await runExport([DECK, '--out', path.join(dir, 'x.pdf')], { LECTERN_CHROME: '/nonexistent/chromium' });
    expectCleanFailure(run);
    expect(run.stderr).toContain('no Chrome or Chromium found');
    expect(run.stderr).toContain('LECTERN_CHROME');
  });

  it('lists the known decks for an unknown one', async () => {
    const run = await runExport(['no-such-deck', '--out', path.join(dir, 'x.pdf')]);
    expectCleanFailure(run);
    expect(run.stderr).toContain('unknown deck "no-such-deck"');
    expect(run.stderr).toContain(DECK);
  });

  it('refuses --results when the store has none for the deck', async () => {
    const data = path.join(dir, 'other.sqlite');
    await fillStore(data, 'some-other-deck', { quizzes: {}, ratings: [1, 0, 0, 0, 0] });
    const run = await runExport([DECK, '--results', '--out', path.join(dir, 'x.pdf')], { LECTERN_DATA: data });
    expectCleanFailure(run);
    expect(run.stderr).toContain(`no results recorded for ${DECK} in ${data}`);
    expect(fs.existsSync(path.join(dir, 'x.pdf'))).toBe(false);
  });
});

describe('export with --results: the room’s questions and "lost me"', () => {
  const HOSTILE = '<img src=x onerror=alert(1)> =HYPERLINK("x") 𝒳🤯 why?';
  let file: string;
  let pages: string[];
  beforeAll(async () => {
    const data = path.join(dir, 'room.sqlite');
    const { openSqliteStore } = await import('../../server/store/sqlite.ts');
    const store = openSqliteStore(data);
    const ask = (id: string, text: string, state: 'approved' | 'answered' | 'hidden', askedAt: number) =>
      store.askQuestion(DECK, {
        id,
        clientId: `asker-${id}`,
        text,
        name: id === 'a' ? '<b>Ana</b>' : null,
        key: id,
        state,
        askedAt,
        votes: 0,
      });
    await ask('a', HOSTILE, 'approved', 1);
    await ask('b', 'How does etcd stay consistent?', 'answered', 2);
    for (const voter of ['v1', 'v2', 'v3']) await store.upvoteQuestion(DECK, 'a', voter, true);
    await store.setLost(DECK, { h: 3, v: 0 }, 'v1', true);
    await store.setLost(DECK, { h: 3, v: 0 }, 'v2', true);
    await store.close();
    file = await exportTo('room.pdf', ['--results'], { LECTERN_DATA: data });
    pages = pdfPageTexts(file);
  });

  it('adds a page of questions after the slides, most votes first, the text as typed', () => {
    expect(pdfInfo(file).pages).toBe(manifest.slideCount + 1);
    const last = normalize(pages.at(-1)!);
    expect(last).toContain('Questions from the room (2)');
    expect(last).toContain('▲ 3');
    expect(last).toContain(normalize('<img src=x onerror=alert(1)> =HYPERLINK("x")'));
    expect(last).toContain('<b>Ana</b>');
    expect(last.indexOf('onerror')).toBeLessThan(last.indexOf('etcd stay consistent'));
    expect(last).toContain('answered');
  });

  it('notes "lost me" on the slide it was said on', () => {
    expect(pages[3]).toContain('2 phones: lost me');
    expect(pages.filter((page) => page.includes('lost me'))).toHaveLength(1);
  });

  it('draws the "lost me" note clear of the slide\'s own text', () => {
    const words = pdfWords(file, 4);
    const note = words.filter((word) => ['2', 'phones:', 'lost', 'me'].includes(word.text));
    const rest = words.filter((word) => !note.includes(word));
    expect(note.length).toBeGreaterThanOrEqual(4);
    const clashes = note.flatMap((a) => rest.filter((b) => wordsOverlap(a, b)).map((b) => `${a.text} over ${b.text}`));
    expect(clashes).toEqual([]);
  });
});
