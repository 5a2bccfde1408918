// Makes a talk folder: package.json depending on lectern, slides/<deck>/deck.md from the authoring guide,
// .gitignore and README. Plain JavaScript with no dependencies: `npm create lectern` runs it straight from
// the npm cache, and `lectern init` imports the same file.
import fs from 'node:fs';
import path from 'node:path';

/** Deck names become URLs: lowercase letters, digits and dashes. */
export const DECK_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Names lectern's own pages use at the top of the server. */
const RESERVED = new Set(['join', 'assets', 'api', 'socket.io']);

/** Why `name` cannot be a deck name, or null when it can. */
export function deckNameProblem(name) {
  if (!DECK_NAME.test(name))
    return `"${name}" cannot be a deck name: use lowercase letters, digits and dashes (it becomes the URL)`;
  if (RESERVED.has(name)) return `"${name}" is a page of lectern's own: choose another deck name`;
  return null;
}

/** `My Talk!` → `my-talk`: a folder's name as a deck name. */
export function deckNameFrom(text) {
  const name = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return name && !RESERVED.has(name) ? name : 'my-talk';
}

/**
 * Copies the authoring guide deck (`templateDir`, holding deck.md) to `slidesDir/<name>/`, titled after
 * the name. Throws when the deck exists.
 */
export function newDeck(templateDir, slidesDir, name) {
  const problem = deckNameProblem(name);
  if (problem) throw new Error(problem);
  const target = path.join(slidesDir, name);
  if (fs.existsSync(target)) throw new Error(`slides/${name} already exists`);
  fs.mkdirSync(slidesDir, { recursive: true });
  fs.cpSync(templateDir, target, { recursive: true });
  const deckFile = path.join(target, 'deck.md');
  const title = name.replace(/-/g, ' ').replace(/^./, (first) => first.toUpperCase());
  fs.writeFileSync(
    deckFile,
    fs
      .readFileSync(deckFile, 'utf8')
      .replace(/^title: .*$/m, `title: ${title}`)
      .replace(/^subtitle: .*$/m, 'subtitle: What the room will take home')
      .replace(/^# Hello, lectern$/m, `# ${title}`),
  );
  return deckFile;
}

const GITIGNORE = `node_modules/
dist/
.lectern/
*.log
`;

function readme(title, deck) {
  return `# ${title}

A talk made with [lectern](https://www.npmjs.com/package/lectern): the slides are \`slides/${deck}/deck.md\`.

\`\`\`sh
npm install
npx lectern dev     # while writing: the deck reloads on every save, phones and speaker view stay connected
npx lectern start   # on the day: builds the decks, serves the talk, prints the join URL and its QR code
\`\`\`

\`npx lectern new <deck>\` starts another deck, \`npx lectern export ${deck}\` writes a PDF handout, and
\`npx lectern --help\` lists every command.
`;
}

/**
 * Makes the talk folder `dir` (which must not exist, or be empty) with one deck. `lecternVersion` is the
 * range written into package.json. Returns the deck's name.
 */
export function createTalk(dir, { templateDir, lecternVersion, deck }) {
  const root = path.resolve(dir);
  if (fs.existsSync(root) && fs.readdirSync(root).length > 0) throw new Error(`${dir} already exists and is not empty`);
  const name = deck ?? deckNameFrom(path.basename(root));
  const problem = deckNameProblem(name);
  if (problem) throw new Error(problem);
  fs.mkdirSync(root, { recursive: true });
  const pkg = {
    name: deckNameFrom(path.basename(root)),
    private: true,
    type: 'module',
    scripts: {
      dev: 'lectern dev',
      build: 'lectern build',
      start: 'lectern start',
      export: 'lectern export',
      results: 'lectern results',
    },
    dependencies: { lectern: lecternVersion },
    // better-sqlite3 (the talk's state file) compiles its native part on install when no prebuilt one fits.
    allowScripts: { 'better-sqlite3': true },
  };
  fs.writeFileSync(path.join(root, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  fs.writeFileSync(path.join(root, '.gitignore'), GITIGNORE);
  newDeck(templateDir, path.join(root, 'slides'), name);
  fs.writeFileSync(path.join(root, 'README.md'), readme(path.basename(root), name));
  return name;
}
