import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** `npm run new -- <name>`: a new deck in `slides/<name>/`, copied from the authoring guide. */
const root = resolve(import.meta.dirname, '..');
const name = process.argv[2];

function fail(message: string): never {
  console.error(`lectern new: ${message}`);
  process.exit(1);
}

if (!name) fail('usage: npm run new -- <deck-name>   (lowercase letters, digits and dashes)');
if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(name)) fail(`"${name}" cannot be a deck name: use lowercase letters, digits and dashes (it becomes the URL)`);
const target = join(root, 'slides', name);
if (existsSync(target)) fail(`slides/${name} already exists`);

cpSync(join(root, 'slides', 'hello-lectern'), target, { recursive: true });
const deckFile = join(target, 'deck.md');
const title = name.replace(/-/g, ' ').replace(/^./, (first) => first.toUpperCase());
writeFileSync(
  deckFile,
  readFileSync(deckFile, 'utf8')
    .replace(/^title: .*$/m, `title: ${title}`)
    .replace(/^subtitle: .*$/m, 'subtitle: What the room will take home')
    .replace(/^# Hello, lectern$/m, `# ${title}`),
);
console.log(`lectern: slides/${name}/deck.md is ready. Edit it, then \`npm run dev\` to see it live.`);
