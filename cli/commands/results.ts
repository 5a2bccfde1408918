/**
 * `lectern results <deck>`: the talk's results on the terminal (or as JSON / CSV), read from the SQLite
 * file, or from Redis for a talk served by several nodes. Safe while the server runs: SQLite's WAL lets a
 * reader in beside the writer, and Redis reads go beside the nodes' scripts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseManifest } from '../../server/loadDecks.ts';
import { buildResults, resultsToCsv, resultsToText } from '../../server/results/talkResults.ts';
import { talkDataFile } from '../../server/store/dataFile.ts';
import { openRedisStore } from '../../server/store/redis.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { TalkStore } from '../../server/store/types.ts';
import { Talk } from '../../server/talk/talk.ts';
import { type Command, stringValue } from '../command.ts';

export const resultsCommand: Command = {
  usage: `Usage: lectern results <deck> [--json | --csv] [--data <file>] [--dist <folder>]

  --json, --csv    print that format instead of a table
  --data <file>    the talk's SQLite file     env LECTERN_DATA, default .lectern/talks.sqlite
  --redis <url>    read the talk from Redis instead (a talk served by several nodes)   env REDIS_URL
  --dist <folder>  built decks                default dist/
`,
  options: {
    json: { type: 'boolean', default: false },
    csv: { type: 'boolean', default: false },
    data: { type: 'string' },
    redis: { type: 'string' },
    dist: { type: 'string' },
  },
  positionals: [1, 1],
  async run({ values, positionals, talk }) {
    const deck = positionals[0]!;
    const data = talkDataFile(talk.root, stringValue(values, 'data'));
    const manifestFile = path.join(path.resolve(stringValue(values, 'dist') ?? talk.dist), deck, 'manifest.json');
    if (!fs.existsSync(manifestFile)) throw new Error(`no built deck "${deck}" (${manifestFile} is missing)`);
    const redis = stringValue(values, 'redis') ?? (process.env.REDIS_URL || undefined);
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
  },
};
