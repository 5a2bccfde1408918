/**
 * `lectern build`, and the build `start` and `export` run when the slides changed: Vite with the talk
 * folder's config, in this process. Vite's asset list goes to `.lectern/build.log` (the terminal is for
 * the URLs the speaker needs); `verbose` shows it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { Logger } from 'vite';
import type { BrokenDeck } from './brokenDecks.ts';
import { reportDeck } from './reportDeck.ts';
import { talkViteConfig } from './talkConfig.ts';

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
  // Loaded only to build: importing Vite costs most of a second and memory the live server keeps otherwise.
  const { build } = await import('vite');
  const say = options.say ?? ((line: string) => console.log(line));
  const result: BuildResult = { built: 0, broken: [] };
  const config = talkViteConfig(root, {
    ...(options.verbose ? {} : { logger: fileLogger(path.join(root, BUILD_LOG)) }),
    onBrokenDecks: (broken, built) => Object.assign(result, { broken, built }),
    ...(options.strict ? { strict: true } : {}),
    onDeck: options.verbose
      ? reportDeck
      : (deck) => say(`  ${deck.manifest.id}: ${deck.manifest.slideCount} slides, ${deck.manifest.polls.length} polls`),
  });
  await build({ ...config, build: { ...config.build, ...(options.outDir ? { outDir: options.outDir } : {}) } });
  return result;
}
