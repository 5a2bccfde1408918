/**
 * The talk folder: where `lectern` runs, holding `slides/`. Every command reads and writes here, never in
 * lectern's own folder (which may be a read-only global install).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface TalkFolder {
  root: string;
  slides: string;
  dist: string;
  /** Runtime state: the SQLite file, the build log. */
  state: string;
}

export function talkFolder(cwd = process.cwd()): TalkFolder {
  const root = path.resolve(cwd);
  return { root, slides: path.join(root, 'slides'), dist: path.join(root, 'dist'), state: path.join(root, '.lectern') };
}

/** Refuses to go on outside a talk folder, saying how to make one. */
export function requireSlides(talk: TalkFolder): void {
  if (fs.existsSync(talk.slides)) return;
  throw new Error(
    `no slides/ folder in ${talk.root}: run lectern in your talk folder, or start one with \`lectern init <dir>\` (or \`lectern new <deck>\` here)`,
  );
}
