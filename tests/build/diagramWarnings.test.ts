import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeckLoader } from '../../src/build/loadDeck.ts';

/** A 60-step pipeline drawn left to right: far too wide for one slide. */
function sixtyNodeFlowchart(): string {
  const steps = Array.from({ length: 60 }, (_, i) => `  s${i}["step ${i + 1}"]`);
  const edges = Array.from({ length: 59 }, (_, i) => `  s${i} --> s${i + 1}`);
  return ['```mermaid', 'flowchart LR', ...steps, ...edges, '```'].join('\n');
}

const SMALL = ['```mermaid', 'flowchart LR', '  a["informer"] --> b["reconcile"]', '```'].join('\n');

let root: string;
let loader: DeckLoader;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lectern-diagram-warnings-'));
  mkdirSync(join(root, 'slides', 'big'), { recursive: true });
  const deck = [
    '---',
    'title: Big diagrams',
    '---',
    '',
    '## Fine',
    '',
    SMALL,
    '',
    '---',
    '',
    '## Everything at once',
    '',
    sixtyNodeFlowchart(),
    '',
  ].join('\n');
  writeFileSync(join(root, 'slides', 'big', 'deck.md'), deck);
  loader = new DeckLoader(root);
});
afterAll(async () => {
  await loader?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('a diagram too big to read on a slide', () => {
  it('gets a warning at its line that says how small its labels would be and to split it', async () => {
    const deck = await loader.load('big');
    expect(deck.diagramReport.rendered).toBe(2);
    expect(deck.warnings).toHaveLength(1);
    const [warning] = deck.warnings;
    console.log(`${warning!.file}:${warning!.line}: ${warning!.message}`);
    expect(warning!.file).toBe(join('slides', 'big', 'deck.md'));
    expect(warning!.line).toBe(16);
    expect(warning!.message).toMatch(/labels would be drawn at \d+(\.\d)? px/);
    expect(warning!.message).toMatch(/Split it/);
  }, 120_000);

  it('warns again on the next build, when the diagram comes from the cache', async () => {
    const again = new DeckLoader(root);
    try {
      const deck = await again.load('big');
      expect(deck.diagramReport.fromCache).toBe(2);
      expect(deck.warnings.map((warning) => warning.line)).toEqual([16]);
    } finally {
      await again.close();
    }
  });
});
