import { defineConfig } from 'vite';
import { talkViteConfig } from './src/build/talkConfig.ts';

// This repository is a talk folder too: `vite` here builds what `lectern build` builds.
export default defineConfig(talkViteConfig(import.meta.dirname));
