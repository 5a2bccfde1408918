/**
 * The layout check's findings per deck, kept in `.lectern/layout-check.json` and reused while the deck
 * builds to the same page. A deck's built `index.html` names every script, stylesheet and font by a
 * hash of its content, so the same page means the same layout; the checker's own code and the browser
 * that would measure are part of the key too. A warm build of unchanged decks then needs no browser.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LayoutWarning } from './layoutCheck.ts';

interface Entry {
  key: string;
  warnings: LayoutWarning[];
}

const CHECKER_DIR = path.dirname(fileURLToPath(import.meta.url));

/** A hash of the layout check's own files: a new rule or measurement invalidates every entry. */
function checkerFingerprint(): string {
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(CHECKER_DIR).sort())
    hash.update(file).update(fs.readFileSync(path.join(CHECKER_DIR, file)));
  return hash.digest('hex');
}

export interface LayoutCache {
  /** The warnings found last time for this deck's page (built from `file`), or null when it must be checked. */
  get(deck: string, file: string): LayoutWarning[] | null;
  set(deck: string, file: string, warnings: LayoutWarning[]): void;
  save(): void;
}

/** `file`: where the findings are kept; `outDir`: the build whose pages are keyed; `browser`: its executable. */
export function openLayoutCache(file: string, outDir: string, browser: string): LayoutCache {
  let entries: Record<string, Entry> = {};
  try {
    entries = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Entry>;
  } catch {
    // None yet, or unreadable: every deck is checked.
  }
  const checker = checkerFingerprint();
  // The deck file is in the key as the warnings name it: the same page built from another folder is another entry.
  const keyOf = (deck: string, file: string): string | null => {
    try {
      const page = fs.readFileSync(path.join(outDir, deck, 'index.html'));
      return createHash('sha256').update(checker).update(browser).update(file).update(page).digest('hex');
    } catch {
      return null;
    }
  };
  return {
    get(deck, file) {
      const entry = entries[deck];
      return entry && entry.key === keyOf(deck, file) ? entry.warnings : null;
    },
    set(deck, file, warnings) {
      const key = keyOf(deck, file);
      if (key) entries[deck] = { key, warnings };
    },
    save() {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(entries));
    },
  };
}
