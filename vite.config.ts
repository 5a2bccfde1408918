import { defineConfig } from 'vite';
import { lectern } from './src/build/vitePlugin.ts';
import { reportDeck } from './src/build/reportDeck.ts';

export default defineConfig({
  plugins: [lectern({ onDeck: reportDeck })],
  // The decks are served from the speaker's laptop with no internet: everything is bundled.
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 4096,
    chunkSizeWarningLimit: 4000,
    reportCompressedSize: false,
  },
  server: { host: '127.0.0.1' },
});
