/**
 * A build's compiled decks, kept in `.lectern/decks/<deck>.json` and reused while the deck's folder (its
 * deck.md, images and diagram cache), lectern and the locked libraries are what they were: a warm build
 * of unchanged decks then loads neither markdown-it nor highlight.js. A deck with a diagram left to the
 * page (no browser at the time) is not kept, in case a browser can draw it next time.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { lecternFingerprint, lockFingerprint } from './lastBuild.ts';
import type { LoadedDeck } from './loadDeck.ts';
import { sourceFiles } from './sourceFolders.ts';

/** Bumped when what is kept, or how it is keyed, changes. */
const FORMAT = 1;

interface Entry {
  key: string;
  /** The deck as compiled, or null when this very input did not compile (a broken deck). */
  deck: LoadedDeck | null;
}

function deckKey(root: string, deckDir: string, file: string): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ format: FORMAT, file, lectern: lecternFingerprint(), locks: lockFingerprint(root) }));
  // The deck's own files and the diagrams drawn for it (a dot folder, which `sourceFiles` leaves out).
  for (const entry of [...sourceFiles(deckDir), ...sourceFiles(path.join(deckDir, '.diagrams'), true)])
    hash.update(path.relative(deckDir, entry)).update('\0').update(fs.readFileSync(entry)).update('\0');
  return hash.digest('hex');
}

/** The resized images a compiled deck points at, under `.lectern/images/`: all must still be there. */
function imagesPresent(root: string, deck: LoadedDeck): boolean {
  for (const [url] of deck.html.matchAll(/\/\.lectern\/images\/[^"\s,]+/g))
    if (!fs.existsSync(path.join(root, decodeURI(url)))) return false;
  return true;
}

export class DeckCache {
  private readonly dir: string;

  constructor(private readonly root: string) {
    this.dir = path.join(root, '.lectern', 'decks');
  }

  /**
   * The deck as compiled last time, or null when it must be compiled; `failed` when this same input did
   * not compile last time (it is compiled again, to tell why).
   */
  get(deckId: string, deckDir: string, file: string): { deck: LoadedDeck | null; key: string; failed: boolean } {
    const key = deckKey(this.root, deckDir, file);
    try {
      const entry = JSON.parse(fs.readFileSync(path.join(this.dir, `${deckId}.json`), 'utf8')) as Entry;
      if (entry.key === key && entry.deck === null) return { deck: null, key, failed: true };
      if (entry.key === key && entry.deck && imagesPresent(this.root, entry.deck))
        return { deck: entry.deck, key, failed: false };
    } catch {
      // None kept yet, or unreadable: compiled again.
    }
    return { deck: null, key, failed: false };
  }

  /** Remembers that this input does not compile. */
  setFailed(deckId: string, key: string): void {
    fs.mkdirSync(this.dir, { recursive: true });
    fs.writeFileSync(path.join(this.dir, `${deckId}.json`), JSON.stringify({ key, deck: null } satisfies Entry));
  }

  set(deckId: string, key: string, deck: LoadedDeck): void {
    const file = path.join(this.dir, `${deckId}.json`);
    // Drawn in this build, its diagrams are new files in the key: the next build compiles it once more
    // and keeps that. Left to the page, they may be drawn by a later build with a browser.
    if (deck.diagramReport.rendered > 0 || deck.diagramReport.lazy > 0) {
      fs.rmSync(file, { force: true });
      return;
    }
    fs.mkdirSync(this.dir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ key, deck } satisfies Entry));
  }
}
