/**
 * `lectern dev`: Vite's dev server and the talk server in one process, on one port. The pages come from
 * the slides as they are saved (Vite reloads them); the room (slide, polls, ballots) lives in the talk
 * server, so a reload reconnects to the same room and every phone keeps its ballots.
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { createApp } from '../../server/app.ts';
import { consoleLogger } from '../../server/log.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { TalkManifest } from '../../server/talk/talk.ts';
import { DeckLoader, listDecks } from '../../src/build/loadDeck.ts';
import { talkViteConfig } from '../../src/build/talkConfig.ts';
import { compileDeck } from '../../src/compile/compileDeck.ts';
import type { Command } from '../command.ts';
import { joinBanner } from '../joinBanner.ts';
import { listenForTheRoom } from '../listen.ts';
import { requireSlides, type TalkFolder } from '../talkFolder.ts';
import { SERVER_OPTIONS, SERVER_USAGE, serverSettings, stopOnSignals, tokenNote } from './start.ts';

/** The decks as the slides are now; a deck that does not compile is left out (its page shows the error). */
async function compileManifests(root: string, slidesDir: string): Promise<Map<string, TalkManifest>> {
  const loader = new DeckLoader(root, slidesDir);
  const manifests = new Map<string, TalkManifest>();
  try {
    for (const id of listDecks(slidesDir)) {
      try {
        manifests.set(id, (await loader.load(id)).manifest);
      } catch (error) {
        consoleLogger.warn(
          `${id}: ${error instanceof Error ? error.message : String(error)} (its page shows the error until fixed)`,
        );
      }
    }
  } finally {
    await loader.close();
  }
  return manifests;
}

/**
 * One saved deck's manifest, for comparing its quizzes: compiled without drawing diagrams (the
 * manifest does not depend on them) and null while the deck does not compile (its page shows why).
 */
function manifestNow(talk: TalkFolder, deckId: string): TalkManifest | null {
  const file = path.join(talk.slides, deckId, 'deck.md');
  try {
    const source = fs.readFileSync(file, 'utf8');
    return compileDeck(source, { deckId, file: path.relative(talk.root, file), renderDiagram: () => undefined })
      .manifest;
  } catch {
    return null;
  }
}

/**
 * What Vite's dev server would otherwise hand anyone on the wifi: the deck's source and the built
 * manifest hold the quiz answers, `.lectern/` the rehearsal's data. Images and the pages' modules stay
 * served. Giving a list replaces Vite's own (.env, keys, .git), so it is repeated here.
 */
function devPrivateFiles(talk: TalkFolder): string[] {
  return [
    '.env',
    '.env.*',
    '*.{crt,pem}',
    '**/.git/**',
    `${talk.slides}/**/*.md`,
    `${talk.dist}/**`,
    `${talk.state}/**`,
    `${talk.root}/*.{json,md}`,
  ];
}

export const devCommand: Command = {
  usage: `Usage: lectern dev [options]

Vite's dev server and the talk server on one port: every page reloads when a deck.md is saved, and the
room (slide, polls, phones' ballots) stays. Rehearsal state goes to .lectern/dev.sqlite, not the talk's
file. A deck added, or quizzes added or removed, are seen by the room after a restart.

${SERVER_USAGE.replace('env LECTERN_DATA, default .lectern/talks.sqlite', 'default .lectern/dev.sqlite   ')}
`,
  options: SERVER_OPTIONS,
  positionals: [0, 0],
  async run({ values, talk }) {
    requireSlides(talk);
    const settings = serverSettings({ data: path.join(talk.state, 'dev.sqlite'), ...values }, talk, {
      ...process.env,
      LECTERN_DATA: undefined,
    });
    const log = consoleLogger;
    const manifests = await compileManifests(talk.root, talk.slides);
    const store = openSqliteStore(settings.data);

    const { createServer } = await import('vite');
    let vite: Awaited<ReturnType<typeof createServer>> | null = null;
    let origin: string | undefined;
    const app = await createApp({
      store,
      presenterToken: settings.token,
      manifests,
      serveFiles: async (req, res, pathname) => {
        // The manifest holds the answer keys; with the room live, no page needs it.
        if (/^\/[^/]+\/manifest\.json$/.test(pathname)) {
          res.statusCode = 404;
          res.end();
          return;
        }
        await new Promise<void>((resolve) => {
          vite!.middlewares(req as http.IncomingMessage, res, () => {
            res.statusCode = 404;
            res.end('not found');
            resolve();
          });
          res.once('finish', resolve);
          res.once('close', resolve);
        });
      },
      allowedOrigins: settings.publicOrigin
        ? [...settings.allowedOrigins, settings.publicOrigin]
        : settings.allowedOrigins,
      publicOrigin: () => origin,
      maxPhonesPerIp: settings.maxPhones,
      trustProxy: settings.trustProxy,
      log,
    });
    const config = talkViteConfig(talk.root);
    vite = await createServer({
      ...config,
      appType: 'custom',
      // Vite's reload messages share the talk's port: one URL for phones, projector and speaker view.
      server: { middlewareMode: true, hmr: { server: app.httpServer }, fs: { deny: devPrivateFiles(talk) } },
    });

    // The room runs the quizzes it was started with: say so when a saved deck changes them.
    vite.watcher.on('change', (file) => {
      const deck = path.relative(talk.slides, file).split(path.sep);
      if (deck.length !== 2 || deck[1] !== 'deck.md' || !manifests.has(deck[0]!)) return;
      const polls = (manifest: TalkManifest | undefined) =>
        JSON.stringify(manifest?.polls.map(({ id, kind }) => [id, kind]));
      const now = manifestNow(talk, deck[0]!);
      if (now && polls(now) !== polls(manifests.get(deck[0]!))) {
        log.warn(
          `${deck[0]}: its quizzes changed; the room keeps the ones it started with until you restart lectern dev`,
        );
      }
    });

    origin = (await listenForTheRoom(app.httpServer, settings, log)).origin;
    console.log(
      `dev       pages reload when slides/ changes; rehearsal data in ${path.relative(talk.root, settings.data)}`,
    );
    console.log(`library   ${origin}/`);
    const tokenShown = process.stdout.isTTY === true;
    console.log(
      await joinBanner({
        origin,
        decks: [...manifests.keys()],
        token: settings.token,
        tokenShown,
        qrDeck: settings.deck,
      }),
    );
    tokenNote(settings, tokenShown);

    stopOnSignals(async () => {
      await vite?.close();
      await app.close();
      await store.close();
    });
    await new Promise<never>(() => {});
  },
};
