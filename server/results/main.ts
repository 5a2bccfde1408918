/**
 * `npm run results -- <deck>`: the talk's results on the terminal (or as JSON / CSV), read from the
 * SQLite file, or from Redis for a talk served by several nodes. Safe while the server runs: SQLite's
 * WAL lets a reader in beside the writer, and Redis reads go beside the nodes' scripts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../app.ts';
import { parseManifest } from '../decks.ts';
import { buildResults, resultsToCsv, resultsToText } from '../results.ts';
import { openRedisStore } from '../store/redis.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import type { TalkStore } from '../store/types.ts';
import { Talk } from '../talk.ts';

const USAGE = `Usage: npm run results -- <deck> [--json | --csv] [--data <file>] [--dist <folder>]

  --json, --csv    print that format instead of a table
  --data <file>    the talk's SQLite file     env LECTERN_DATA, default .lectern/talks.sqlite
  --redis <url>    read the talk from Redis instead (a talk served by several nodes)   env REDIS_URL
  --dist <folder>  built decks                default dist/
`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      data: { type: 'string' },
      redis: { type: 'string' },
      dist: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [deck] = positionals;
  if (values.help || !deck || positionals.length > 1) {
    process.stdout.write(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const data = path.resolve(values.data ?? process.env.LECTERN_DATA ?? path.join(PROJECT_ROOT, '.lectern', 'talks.sqlite'));
  const manifestFile = path.join(path.resolve(values.dist ?? path.join(PROJECT_ROOT, 'dist')), deck, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`no built deck "${deck}" (${manifestFile} is missing)`);
  const redis = values.redis ?? (process.env.REDIS_URL || undefined);
  if (!redis && !fs.existsSync(data)) throw new Error(`no talk data at ${data}`);

  const manifest = parseManifest(JSON.parse(fs.readFileSync(manifestFile, 'utf8')), manifestFile);
  const store: TalkStore = redis ? await openRedisStore(redis) : openSqliteStore(data, { mustExist: true });
  try {
    const results = buildResults(new Talk(manifest, await store.load(deck)), new Date());
    if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else if (values.csv) process.stdout.write(resultsToCsv(results));
    else process.stdout.write(`${resultsToText(results)}\n`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
