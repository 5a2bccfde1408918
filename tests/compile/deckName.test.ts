import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as createTalk from '../../create-lectern/createTalk.js';
import { loadDecks } from '../../server/loadDecks.ts';
import { DECK_NAME, deckNameProblem, RESERVED_DECK_NAMES } from '../../src/compile/deckName.ts';

const NAMES = [
  'talk',
  'my-talk',
  'k8s-2026',
  'My Talk',
  'café',
  '100%',
  'c#',
  'a.b',
  'a_b',
  'Talk',
  'join',
  'api',
  '-x',
];

describe('one deck-name rule', () => {
  it('is the same for `lectern new` (create-lectern, which has no dependencies), the build and the server', () => {
    expect(createTalk.DECK_NAME.source).toBe(DECK_NAME.source);
    for (const name of NAMES)
      expect(createTalk.deckNameProblem(name) === null, name).toBe(deckNameProblem(name) === null);
    for (const name of RESERVED_DECK_NAMES) expect(createTalk.deckNameProblem(name), name).not.toBeNull();
  });

  it('refuses a space, non-ASCII, `%`, `#`, dots, underscores and capitals, naming the rule and a name that would do', () => {
    for (const name of ['My Talk', 'café', '100%', 'c#', 'a.b', 'a_b', 'Talk'])
      expect(deckNameProblem(name)?.reason, name).toMatch(/lowercase letters a–z, digits and dashes only/);
    expect(deckNameProblem('My Talk')?.hint).toBe('rename the folder to my-talk');
    expect(deckNameProblem('café')?.hint).toBe('rename the folder to cafe');
    expect(deckNameProblem('my-talk')).toBeNull();
  });

  it('is what the server serves: a built deck under another name is left out, and the others still run', () => {
    const dist = mkdtempSync(join(tmpdir(), 'lectern-names-'));
    const manifest = (id: string) => JSON.stringify({ id, title: id, polls: [] });
    for (const id of ['good', 'Bad_Name']) {
      mkdirSync(join(dist, id));
      writeFileSync(join(dist, id, 'manifest.json'), manifest(id));
    }
    const skipped: string[] = [];
    const decks = loadDecks(dist, (problem) => skipped.push(problem));
    expect([...decks.keys()]).toEqual(['good']);
    expect(skipped).toEqual([expect.stringContaining('Bad_Name/manifest.json: not a lectern manifest')]);
  });
});
