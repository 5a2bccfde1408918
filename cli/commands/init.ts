import path from 'node:path';
import { type Command, stringValue } from '../command.ts';
import { LECTERN_RANGE, loadScaffold, TEMPLATE_DECK } from '../scaffold.ts';

export const initCommand: Command = {
  usage: `Usage: lectern init <dir> [--deck <name>]

Makes the talk folder <dir>: a package.json depending on lectern, one deck from the authoring guide,
a .gitignore and a README. The same as \`npm create lectern@latest <dir>\`.

  --deck <name>   the first deck's name   default: the folder's name
`,
  options: { deck: { type: 'string' } },
  positionals: [1, 1],
  async run({ values, positionals, talk }) {
    const dir = path.resolve(talk.root, positionals[0]!);
    const deck = (await loadScaffold()).createTalk(dir, {
      templateDir: TEMPLATE_DECK,
      lecternVersion: LECTERN_RANGE,
      deck: stringValue(values, 'deck'),
    });
    const shown = path.relative(process.cwd(), dir) || '.';
    console.log(
      `lectern: ${shown}/ is ready, with slides/${deck}/deck.md.\n\n  cd ${shown}\n  npm install\n  npx lectern dev\n`,
    );
  },
};
