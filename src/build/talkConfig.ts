import { join } from 'node:path';
import { Features, type Targets } from 'lightningcss';
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

/** LightningCSS's version number: major and minor in the upper bytes. */
const version = (major: number, minor = 0) => (major << 16) | (minor << 8);

/**
 * The oldest browsers the pages are built for, the phones' and the projector's: Vite's own default
 * (baseline widely available), which its CSS minifier already used. Modern CSS these all read
 * (nesting, `:has()`, `color-mix()`) is left as written.
 */
const THEME_BROWSERS: Targets = {
  chrome: version(111),
  edge: version(111),
  firefox: version(114),
  safari: version(16, 4),
  ios_saf: version(16, 4),
};

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
    // LightningCSS bundles the themes' @imports and rewrites their url()s in a fraction of PostCSS's time
    // (PostCSS took most of a second of a build after a one-slide edit).
    css: {
      transformer: 'lightningcss',
      lightningcss: {
        targets: THEME_BROWSERS,
        // The themes set `color-scheme` but never use light-dark(): no fallback variables for it.
        exclude: Features.LightDark,
      },
    },
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
