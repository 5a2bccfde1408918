import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { NO_BROWSER_HELP } from '../findBrowser.ts';
import { checkLayout, formatWarning } from './layoutCheck.ts';
import { LAYOUT_CHECK_EVENT } from './types.ts';

export interface DevLayoutOptions {
  root: string;
  browser: () => Promise<Browser | null>;
  /** The deck's file, relative to the root. */
  deckFile: (id: string) => string;
  decks: () => string[];
}

/**
 * In `npm run dev`, each time a deck page opens (and so after every edit, which reloads it), the
 * dev server lays that deck out headless at projector size and shows what does not fit in Vite's
 * overlay, at its file and line. Checks run one at a time, so a burst of saves queues, not piles up.
 */
export function watchDevLayout(server: ViteDevServer, options: DevLayoutOptions): void {
  const logger = server.config.logger;
  let queue: Promise<void> = Promise.resolve();

  server.ws.on(LAYOUT_CHECK_EVENT, (data: unknown, client) => {
    const deck = typeof data === 'object' && data !== null ? (data as { deck?: unknown }).deck : undefined;
    if (typeof deck !== 'string' || !options.decks().includes(deck)) return;
    queue = queue.then(async () => {
      const base = server.resolvedUrls?.local[0];
      const browser = base ? await options.browser() : null;
      if (!browser || !base) {
        logger.warn(`lectern: layout check skipped: ${base ? NO_BROWSER_HELP : 'the dev server has no local address'}`);
        return;
      }
      const file = options.deckFile(deck);
      const warnings = await checkLayout(browser, [{ id: deck, file }], (id) => new URL(`${encodeURIComponent(id)}/`, base).href);
      if (!warnings.length) return;
      const lines = warnings.map(formatWarning);
      const message = `Layout: ${warnings.length} element${warnings.length === 1 ? ' does' : 's do'} not fit the slide (the deck still runs; fix and save, or press Esc):\n\n${lines.join('\n')}`;
      logger.warn(`lectern: ${message}`, { timestamp: true });
      const first = warnings[0]!;
      const id = join(options.root, file);
      client.send({ type: 'error', err: { message, stack: '', plugin: 'lectern', id, ...(first.line ? { loc: { file: id, line: first.line, column: 1 } } : {}) } });
    }).catch((error: unknown) => logger.warn(`lectern: layout check failed: ${(error as Error).message ?? error}`));
  });
}
