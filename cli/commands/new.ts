import path from 'node:path';
import type { Command } from '../command.ts';
import { loadScaffold, TEMPLATE_DECK } from '../scaffold.ts';

export const newCommand: Command = {
  usage: `Usage: lectern new <deck>

Copies the authoring guide deck (every block once) to slides/<deck>/deck.md in this folder.
A deck name is lowercase letters, digits and dashes: it becomes the URL.
`,
  options: {},
  positionals: [1, 1],
  async run({ positionals, talk }) {
    const name = positionals[0]!;
    const file = (await loadScaffold()).newDeck(TEMPLATE_DECK, talk.slides, name);
    console.log(
      `lectern: ${path.relative(process.cwd(), file)} is ready. Edit it, then \`lectern dev\` to see it live.`,
    );
  },
};
