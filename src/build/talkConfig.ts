import { join } from 'node:path';
import type { InlineConfig, Logger } from 'vite';
import type { BrokenDeck } from './brokenDecks.ts';
import type { LoadedDeck } from './loadDeck.ts';
import type { PreparedDecks } from './prepareDecks.ts';
import { reportDeck } from './reportDeck.ts';
import { lectern } from './vitePlugin.ts';

export interface TalkConfigOptions {
  /** Where Vite's own messages go (the asset list, warnings). @defaultValue Vite's console logger */
  logger?: Logger;
  /** One line per deck built. @defaultValue `reportDeck` (the console) */
  onDeck?: (deck: LoadedDeck) => void;
  /** An overflowing slide (or no browser to check the layout) fails the build. @defaultValue `process.env.LECTERN_STRICT === '1'` */
  strict?: boolean;
  /**
   * Takes the decks that do not build, which then leave the build to go on with the others. Without it a
   * broken deck fails the build (after the good ones are written). @defaultValue none
   */
  onBrokenDecks?: (broken: BrokenDeck[], built: number) => void;
  /** The decks, loaded before Vite starts (see the plugin's option). @defaultValue none: the build loads them */
  prepared?: PreparedDecks;
}

/**
 * The Vite configuration of a talk folder (`root` holds `slides/`): the same for `lectern build`,
 * `lectern dev` and the export's private build, with no config file in the talk folder.
 */
export function talkViteConfig(root: string, options: TalkConfigOptions = {}): InlineConfig {
  return {
    root,
    configFile: false,
    plugins: [
      lectern({
        onDeck: options.onDeck ?? reportDeck,
        ...(options.strict === undefined ? {} : { strict: options.strict }),
        ...(options.onBrokenDecks ? { onBrokenDecks: options.onBrokenDecks, failOnBrokenDecks: false } : {}),
        ...(options.prepared ? { prepared: options.prepared } : {}),
      }),
    ],
    ...(options.logger ? { customLogger: options.logger } : {}),
    // The decks are served from the speaker's laptop with no internet: everything is bundled.
    build: {
      outDir: join(root, 'dist'),
      emptyOutDir: true,
      assetsInlineLimit: 4096,
      chunkSizeWarningLimit: 4000,
      reportCompressedSize: false,
    },
    server: { host: '127.0.0.1' },
  };
}
