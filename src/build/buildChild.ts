/**
 * The process `buildIfStale` builds in: `node buildChild.js <talk root> <out dir>`, with an IPC channel
 * for a failure's message. Vite, Rolldown and the layout check leave hundreds of MB behind in a
 * process that used them; built here, they go when it exits, and the server that serves the talk for
 * hours starts lean.
 */
import { buildTalk } from './buildTalk.ts';

const [root, outDir] = process.argv.slice(2);
try {
  await buildTalk(root!, { outDir });
} catch (error) {
  process.send?.({ error: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
} finally {
  process.disconnect?.();
}
