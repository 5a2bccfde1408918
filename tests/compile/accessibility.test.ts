/** What a screen reader is told about a deck, decided when it compiles: its language, slide titles, diagram names. */
import { describe, expect, it } from 'vitest';
import { deckPage } from '../../src/build/pages/deckPage.ts';
import { joinPage, speakerPage } from '../../src/build/pages/roomPages.ts';
import { compileDeck } from '../../src/compile/compileDeck.ts';

const compile = (source: string) => compileDeck(source, { deckId: 'a11y', file: 'deck.md' });

describe('a deck for screen readers', () => {
  it('sets the language of every page from `lang` in the frontmatter (en by default)', () => {
    const german = compile('---\ntitle: Vortrag\nlang: de-CH\n---\n# Hallo\n');
    expect(german.manifest.lang).toBe('de-CH');
    for (const page of [deckPage(german), joinPage(german.manifest), speakerPage(german.manifest)])
      expect(page).toContain('<html lang="de-CH"');
    expect(deckPage(compile('---\ntitle: Talk\n---\n# Hi\n'))).toContain('<html lang="en"');
    expect(() => compile('---\ntitle: T\nlang: German\n---\n# Hi\n')).toThrow(
      /deck\.md:3: frontmatter lang: a language tag/,
    );
  });

  it('titles a slide that is only an image or a clip by its alt text', () => {
    const { manifest } = compile(
      '---\ntitle: T\n---\n# First\n\n---\n\n![The hall from the back row](./hall.png)\n\n---\n\n![A rollout, eight seconds](./rollout.webm)\n',
    );
    expect(manifest.slides.map((slide) => slide.title)).toEqual([
      'First',
      'The hall from the back row',
      'A rollout, eight seconds',
    ]);
  });

  it('names each diagram by its caption, else its accTitle, else its kind', () => {
    const { html } = compile(
      [
        '---',
        'title: T',
        '---',
        '::: figure The API server is the **only** door to etcd.',
        '```mermaid',
        'flowchart LR',
        '  a --> b',
        '```',
        ':::',
        '',
        '---',
        '',
        '```mermaid',
        'sequenceDiagram',
        '  accTitle: A watch, then an update',
        '  a->>b: hi',
        '```',
        '',
        '---',
        '',
        '```mermaid',
        'stateDiagram-v2',
        '  [*] --> A',
        '```',
      ].join('\n'),
    );
    const names = [...html.matchAll(/<div class="diagram[^"]*"[^>]* role="img" aria-label="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(names).toEqual([
      'The API server is the only door to etcd.',
      'A watch, then an update',
      'stateDiagram diagram',
    ]);
  });
});
