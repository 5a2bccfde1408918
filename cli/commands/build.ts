import path from 'node:path';
import { describeBrokenDecks } from '../../src/build/brokenDecks.ts';
import { BUILD_LOG, buildTalk } from '../../src/build/buildTalk.ts';
import type { Command } from '../command.ts';
import { requireSlides } from '../talkFolder.ts';

export const buildCommand: Command = {
  usage: `Usage: lectern build [--verbose] [--strict]

Builds every slides/<deck>/deck.md into dist/: the projected deck, the phone page and the speaker view.
A deck that does not build is left out and told once, with file, line, reason and a hint; the others are
built, and the build then exits with 1. What does not fit on its slide (a code block,
a table, a list, a diagram too big to read) is a warning with file and line.

  --verbose   Vite's full output (every asset, a failing deck's stack) here rather than in ${BUILD_LOG}
  --strict    what does not fit on its slide fails the build, and so does having no browser to check it
`,
  options: { verbose: { type: 'boolean', default: false }, strict: { type: 'boolean', default: false } },
  positionals: [0, 0],
  async run({ values, talk }) {
    requireSlides(talk);
    console.log('lectern: building the decks…');
    const { broken, built } = await buildTalk(talk.root, {
      verbose: values.verbose === true,
      strict: values.strict === true,
    });
    console.log(
      `lectern: built into ${path.relative(process.cwd(), talk.dist) || '.'}/${values.verbose ? '' : ` (details in ${BUILD_LOG})`}`,
    );
    if (broken.length === 0) return 0;
    console.error(describeBrokenDecks(broken, built, values.verbose === true));
    return 1;
  },
};
