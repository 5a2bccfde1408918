import { isAbsolute, join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { HotChannelClient, ViteDevServer } from 'vite';
import { LAYOUT_CHECK_EVENT } from '../../core/layout.ts';
import { NO_BROWSER_HELP } from '../findBrowser.ts';
import { checkLayout, formatWarning, type LayoutWarning, sortWarnings } from './layoutCheck.ts';
import { DeckNotShown } from './measureDeck.ts';

export interface DevLayoutOptions {
  root: string;
  browser: () => Promise<Browser | null>;
  /** The deck's file, relative to the root. */
  deckFile: (id: string) => string;
  decks: () => string[];
  /** The compile step's warnings for a deck (diagrams too big to read): shown in the same overlay. */
  compiledWarnings: (deck: string) => Promise<LayoutWarning[]>;
}

/**
 * Where the headless walk opens the deck. Vite's own server knows its URL; in middleware mode
 * (`lectern dev`, where the talk server owns the port) the HTTP server Vite shares for its reload
 * messages does.
 */
function devServerUrl(server: ViteDevServer): string | undefined {
  const own = server.resolvedUrls?.local[0];
  if (own) return own;
  const hmr = server.config.server.hmr;
  const address = typeof hmr === 'object' ? hmr.server?.address() : null;
  if (!address || typeof address === 'string') return undefined;
  const host = address.address === '::' || address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}/`;
}

/**
 * In `lectern dev`, each time a deck page opens (and so after every edit, which reloads it), the
 * dev server lays that deck out headless at projector size and shows what does not fit in Vite's
 * overlay, at its file and line. Walks run one at a time, and a deck reloaded while waiting is walked once.
 */
export function watchDevLayout(server: ViteDevServer, options: DevLayoutOptions): void {
  const logger = server.config.logger;
  /** Decks waiting for a walk, each with the page that asked last: a deck reloaded twice is walked once. */
  const waiting = new Map<string, HotChannelClient>();
  let walking = false;

  const walk = async (deck: string, client: HotChannelClient) => {
    const base = devServerUrl(server);
    const browser = base ? await options.browser() : null;
    if (!browser || !base) {
      logger.warn(`lectern: layout check skipped: ${base ? NO_BROWSER_HELP : 'the dev server has no local address'}`);
      return;
    }
    const file = options.deckFile(deck);
    const laidOut = await checkLayout(
      browser,
      [{ id: deck, file }],
      (id) => new URL(`${encodeURIComponent(id)}/`, base).href,
    );
    const warnings = sortWarnings([...(await options.compiledWarnings(deck)), ...laidOut]);
    if (!warnings.length) return;
    const message = `Layout: ${warnings.length} warning${warnings.length === 1 ? '' : 's'}: what does not fit or cannot be read on the slide (the deck still runs; fix and save, or press Esc):\n\n${warnings.map(formatWarning).join('\n')}`;
    logger.warn(`lectern: ${message}`, { timestamp: true });
    const first = warnings[0]!;
    const id = isAbsolute(file) ? file : join(options.root, file);
    client.send({
      type: 'error',
      err: {
        message,
        stack: '',
        plugin: 'lectern',
        id,
        ...(first.line ? { loc: { file: id, line: first.line, column: 1 } } : {}),
      },
    });
  };

  const drain = async () => {
    if (walking) return;
    walking = true;
    try {
      for (let next = waiting.entries().next(); !next.done; next = waiting.entries().next()) {
        const [deck, client] = next.value;
        waiting.delete(deck);
        await walk(deck, client).catch((error: unknown) => {
          // A deck that no longer compiles shows its own error in the overlay already.
          if (!(error instanceof DeckNotShown))
            logger.warn(`lectern: layout check failed: ${(error as Error).message ?? error}`);
        });
      }
    } finally {
      walking = false;
    }
  };

  server.ws.on(LAYOUT_CHECK_EVENT, (data: unknown, client) => {
    const deck = typeof data === 'object' && data !== null ? (data as { deck?: unknown }).deck : undefined;
    if (typeof deck !== 'string' || !options.decks().includes(deck)) return;
    waiting.delete(deck);
    waiting.set(deck, client);
    void drain();
  });
}
