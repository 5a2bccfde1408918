/**
 * `lectern build`, and the build `start` and `export` run when the slides changed: Vite with the talk
 * folder's config, in this process. Vite's asset list goes to `.lectern/build.log` (the terminal is for
 * the URLs the speaker needs); `verbose` shows it. The decks are compiled first; when they, their
 * folders and lectern are what the last build into the same folder had, its output is kept and Vite is
 * not even loaded (`lastBuild.ts`); when only the decks' text changed, the changed pages are written from
 * the last build's, again without Vite (`pagePatch.ts`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { Logger } from 'vite';
import type { BrokenDeck } from './brokenDecks.ts';
import { finishBuild } from './finishBuild.ts';
import { asLastBuilt, buildKey, canReuse, forgetBuild, markBuilt, rememberBuild } from './lastBuild.ts';
import type { LoadedDeck } from './loadDeck.ts';
import { frameKey, patchBuild, rememberPages } from './pagePatch.ts';
import { talkPages } from './pages/talkPages.ts';
import { deckFileOf, prepareDecks } from './prepareDecks.ts';
import { reportDeck } from './reportDeck.ts';

export interface BuildOptions {
  verbose?: boolean;
  /** An overflowing slide fails the build rather than warning. @defaultValue false */
  strict?: boolean;
  /** @defaultValue `<root>/dist` */
  outDir?: string;
  /** Where the one-line-per-deck report goes. @defaultValue stdout */
  say?: (line: string) => void;
}

/** A Vite logger that writes to a file; warnings and errors also reach stderr. */
function fileLogger(file: string): Logger {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `lectern build ${new Date().toISOString()}\n`);
  const write = (message: string) => fs.appendFileSync(file, `${stripVTControlCharacters(message)}\n`);
  const warned = new Set<string>();
  const logger: Logger = {
    hasWarned: false,
    info: (message) => write(message),
    warn: (message) => {
      logger.hasWarned = true;
      write(message);
      process.stderr.write(`${message}\n`);
    },
    warnOnce: (message) => {
      if (warned.has(message)) return;
      warned.add(message);
      logger.warn(message);
    },
    error: (message) => {
      write(message);
      process.stderr.write(`${message}\n`);
    },
    clearScreen: () => {},
    hasErrorLogged: () => false,
  };
  return logger;
}

export const BUILD_LOG = path.join('.lectern', 'build.log');

/** What a build made: the decks built, and those left out because they do not build. */
export interface BuildResult {
  built: number;
  broken: BrokenDeck[];
}

/**
 * Builds the decks of the talk folder `root` (the folder holding `slides/`). A deck that does not build
 * is left out and returned, not thrown: the other decks are built and the talk can go on.
 */
export async function buildTalk(root: string, options: BuildOptions = {}): Promise<BuildResult> {
  const say = options.say ?? ((line: string) => console.log(line));
  const onDeck = options.verbose
    ? reportDeck
    : (deck: LoadedDeck) =>
        say(`  ${deck.manifest.id}: ${deck.manifest.slideCount} slides, ${deck.manifest.polls.length} polls`);
  const slidesDir = path.join(root, 'slides');
  const outDir = path.resolve(root, options.outDir ?? 'dist');
  const strict = options.strict === true || process.env.LECTERN_STRICT === '1';
  const prepared = await prepareDecks(root, slidesDir, onDeck);
  const result: BuildResult = { built: prepared.decks.length, broken: prepared.broken };
  const key = buildKey(root, slidesDir, outDir, prepared.decks, prepared.broken);

  const reuse = canReuse(root, outDir, key);
  try {
    if (reuse) {
      const kept = `lectern: ${path.relative(root, outDir) || '.'}/ kept from the last build: the decks, their files and lectern are unchanged`;
      if (options.verbose) console.log(kept);
      else fs.writeFileSync(path.join(root, BUILD_LOG), `lectern build ${new Date().toISOString()}\n${kept}\n`);
      markBuilt(outDir);
    } else {
      // The layout check after the pages are written lays out the slides that changed in Chromium:
      // launched now, it is up by then. A launch that fails fails the check, as it did.
      prepared.loader.warmUp();
      const frame = frameKey(root, slidesDir, outDir, prepared.decks, prepared.broken);
      const pages = talkPages(prepared.decks, prepared.broken);
      const untouched = asLastBuilt(root, outDir);
      forgetBuild(root, outDir);
      if (untouched && patchBuild(root, outDir, frame, pages, prepared.decks)) {
        const patched = `lectern: ${path.relative(root, outDir) || '.'}/ updated without Vite: only the decks' text changed, and the pages were written from the last build's`;
        if (options.verbose) console.log(patched);
        else fs.writeFileSync(path.join(root, BUILD_LOG), `lectern build ${new Date().toISOString()}\n${patched}\n`);
        // The library page may be unchanged: dated now, as Vite would have written it, so `lectern start` sees the build as new.
        markBuilt(outDir);
      } else {
        // Loaded only to build: importing Vite costs most of a second and memory the live server keeps otherwise.
        const [{ build }, { talkViteConfig }] = await Promise.all([import('vite'), import('./talkConfig.ts')]);
        const config = talkViteConfig(root, {
          ...(options.verbose ? {} : { logger: fileLogger(path.join(root, BUILD_LOG)) }),
          prepared,
        });
        await build({ ...config, build: { ...config.build, outDir } });
      }
      rememberPages(root, outDir, frame, pages);
    }
    rememberBuild(root, outDir, key);
    // The same whether Vite ran or not: a kept build still tells its broken decks and overflowing slides.
    const failure = await finishBuild({
      loader: prepared.loader,
      outDir,
      decks: prepared.decks,
      broken: prepared.broken,
      deckFile: (id) => deckFileOf(root, slidesDir, id),
      layoutCacheFile: path.join(root, '.lectern', 'layout-check.json'),
      layoutCheck: true,
      strict,
    });
    if (failure) throw new Error(failure);
  } finally {
    await prepared.loader.close();
  }
  return result;
}
