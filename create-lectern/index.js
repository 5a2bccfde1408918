#!/usr/bin/env node
import { readFileSync } from 'node:fs';
// `npm create lectern@latest my-talk`: a new talk folder. No dependencies, so it runs offline from the npm cache.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createTalk } from './createTalk.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { version } = JSON.parse(readFileSync(path.join(here, 'package.json'), 'utf8'));
const USAGE = 'usage: npm create lectern@latest <dir> [-- --deck <name>]';

let values, positionals;
try {
  ({ values, positionals } = parseArgs({
    allowPositionals: true,
    options: { deck: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (error) {
  console.error(`create-lectern: ${error.message}\n${USAGE}`);
  process.exit(2);
}
if (values.help || positionals.length !== 1) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
const dir = positionals[0];
try {
  const deck = createTalk(dir, {
    templateDir: path.join(here, 'template'),
    lecternVersion: `^${version}`,
    deck: values.deck,
  });
  console.log(
    `lectern: ${dir}/ is ready, with slides/${deck}/deck.md.\n\n  cd ${dir}\n  npm install\n  npx lectern dev\n`,
  );
} catch (error) {
  console.error(`create-lectern: ${error.message}`);
  process.exit(1);
}
