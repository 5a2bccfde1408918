import { buildDecks } from '../helpers/build.ts';

/** Every browser, server and export test reads the real built decks in `dist/`. */
export default async function setup(): Promise<void> {
  await buildDecks();
}
