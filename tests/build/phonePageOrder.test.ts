/**
 * The phone page asks for its stylesheets before its scripts: a phone has six connections to the
 * laptop and the page's ten files do not fit, so whatever is listed last waits a round trip; the
 * stylesheets hold up the first paint of the live card, the (deferred) module scripts do not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST } from '../helpers/build.ts';

const joinPages = () =>
  readdirSync(DIST, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'assets')
    .map((entry) => join(DIST, entry.name, 'join', 'index.html'))
    .filter((file) => {
      try {
        return readFileSync(file).length > 0;
      } catch {
        return false;
      }
    });

describe('the built phone page', () => {
  it('lists every stylesheet before its first script', () => {
    const pages = joinPages();
    expect(pages.length).toBeGreaterThan(0);
    for (const file of pages) {
      const head = readFileSync(file, 'utf8').split('</head>')[0]!;
      const sheets = [...head.matchAll(/<link rel="stylesheet"/g)].map((match) => match.index);
      const firstScript = head.indexOf('<script type="module"');
      expect(sheets.length, file).toBeGreaterThan(0);
      expect(firstScript, file).toBeGreaterThan(0);
      expect(Math.max(...sheets), file).toBeLessThan(firstScript);
    }
  });
});
