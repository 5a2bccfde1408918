/**
 * A tiny built-deck folder for server tests: one deck with two quiz polls and a rating, plus the pages
 * and an asset, so the tests never depend on a real `vite build`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DeckManifest } from '../../src/compile/manifest.ts';

export const FIXTURE_DECK = 'fixture-talk';

export const FIXTURE_MANIFEST: DeckManifest = {
  id: FIXTURE_DECK,
  title: 'A fixture talk',
  theme: 'dark',
  minutes: 10,
  sections: [{ number: 1, title: 'Only part', minutes: 10, firstSlide: 1 }],
  slides: [
    { h: 0, v: 0, title: 'Cover', section: null, fragments: 0 },
    { h: 1, v: 0, title: 'Part one', section: 1, fragments: 2 },
    { h: 1, v: 1, title: 'Below', section: 1, fragments: 0 },
    { h: 2, v: 0, title: 'Question one', section: 1, fragments: 0, poll: 'q1' },
    { h: 3, v: 0, title: 'Question two', section: 1, fragments: 0, poll: 'q2' },
    { h: 4, v: 0, title: 'Rate', section: 1, fragments: 0, poll: 'rating' },
  ],
  slideCount: 6,
  room: { questions: 'open', reactions: true },
  polls: [
    {
      kind: 'quiz',
      id: 'q1',
      slide: { h: 2, v: 0 },
      prompt: 'Which component talks to etcd?',
      choices: ['kubelet', 'kube-apiserver', 'scheduler'],
      answer: 1,
      explanation: 'Only the API server reads and writes etcd.',
    },
    {
      kind: 'quiz',
      id: 'q2',
      slide: { h: 3, v: 0 },
      prompt: 'What does "=1+1" do, in a CSV cell?',
      choices: ['nothing', 'adds', 'crashes', 'depends, "it" says'],
      answer: 3,
      explanation: 'Spreadsheets evaluate it unless escaped.',
    },
    { kind: 'rating', id: 'rating', slide: { h: 4, v: 0 }, prompt: 'Rate this talk', scale: 5 },
  ],
};

/** A file placed beside `dist/`, which no URL may reach. */
export const OUTSIDE_SECRET = 'outside-secret.txt';

/** Writes the fixture under `root`, returns the dist folder. */
export function writeFixtureDist(root: string, manifest: DeckManifest = FIXTURE_MANIFEST): string {
  const dist = path.join(root, 'dist');
  const deck = path.join(dist, manifest.id);
  for (const dir of [deck, path.join(deck, 'join'), path.join(deck, 'speaker'), path.join(dist, 'assets')]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  const page = (name: string) =>
    `<!doctype html><title>${name}</title><script type="module" src="/assets/app-3f2a1b.js"></script>\n`;
  fs.writeFileSync(path.join(dist, 'index.html'), page('library'));
  fs.writeFileSync(path.join(deck, 'index.html'), page('deck'));
  fs.writeFileSync(path.join(deck, 'join', 'index.html'), page('join'));
  fs.writeFileSync(path.join(deck, 'speaker', 'index.html'), page('speaker'));
  fs.writeFileSync(path.join(deck, 'manifest.json'), JSON.stringify(manifest, null, 2));
  // Any other JSON file a deck folder holds is served like any file; only the manifest never is.
  fs.writeFileSync(path.join(deck, 'data.json'), JSON.stringify({ slides: manifest.slides.map((s) => s.title) }));
  fs.writeFileSync(
    path.join(dist, 'assets', 'app-3f2a1b.js'),
    `export const x = ${JSON.stringify('lectern '.repeat(400))};\n`,
  );
  fs.writeFileSync(path.join(dist, 'assets', 'logo-9c8d7e.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(dist, '.env'), 'SECRET=1\n');
  fs.writeFileSync(path.join(root, OUTSIDE_SECRET), 'not for the web\n');
  return dist;
}
