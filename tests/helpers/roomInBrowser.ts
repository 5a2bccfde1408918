/**
 * The pair most browser tests open once per file: a lectern on the built decks and the system
 * Chromium, started before the file's tests and closed after them.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startBrowser } from './browser.ts';
import { DIST } from './build.ts';
import { type Lectern, type LecternOptions, startLectern } from './lectern.ts';

export interface RoomInBrowser {
  /** Set once the file's `beforeAll` has run. */
  server: Lectern;
  browser: Browser;
}

/** Registers the hooks; read `server` and `browser` from the returned object inside tests. */
export function roomInBrowser(options: LecternOptions = {}): RoomInBrowser {
  const room = {} as RoomInBrowser;
  beforeAll(async () => {
    room.server = await startLectern({ dist: DIST, quickCounters: false, ...options });
    room.browser = await startBrowser();
  }, 120_000);
  afterAll(async () => {
    await room.browser?.close();
    await room.server?.close();
  });
  return room;
}
