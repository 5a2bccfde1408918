/**
 * `lectern results <deck>`: a run's results on the terminal (or as JSON / CSV), or the list of runs with
 * each question's % right run by run; read from the SQLite
 * file, or from Redis for a talk served by several nodes. Safe while the server runs: SQLite's WAL lets a
 * reader in beside the writer, and Redis reads go beside the nodes' scripts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseManifest } from '../../server/loadDecks.ts';
import { readAllRuns, readRun } from '../../server/results/readRuns.ts';
import { acrossRunsToText, runsToText } from '../../server/results/runList.ts';
import { summarizeRun } from '../../server/results/runSummary.ts';
import { buildResults, resultsToCsv, resultsToText } from '../../server/results/talkResults.ts';
import { talkDataFile } from '../../server/store/dataFile.ts';
import { openRedisStore } from '../../server/store/redis.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { TalkStore } from '../../server/store/types.ts';
import { Talk } from '../../server/talk/talk.ts';
import { type Command, stringValue, UsageError } from '../command.ts';

export const resultsCommand: Command = {
  usage: `Usage: lectern results <deck> [--run <id|name> | --runs] [--json | --csv] [--data <file>] [--dist <folder>]

  --run <id|name>  that run's results (its number, or its name: the newest run so named)
                   default the current run
  --runs           every run: date, name, peak audience, voters, % right, rating; then each
                   question's % right run by run
  --json, --csv    print that format instead of a table (--runs: --json)
  --data <file>    the talk's SQLite file     env LECTERN_DATA, default .lectern/talks.sqlite
  --redis <url>    read the talk from Redis instead (a talk served by several nodes)   env REDIS_URL
  --dist <folder>  built decks                default dist/
`,
  options: {
    run: { type: 'string' },
    runs: { type: 'boolean', default: false },
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
      if (values.runs === true) {
        if (values.csv) throw new UsageError('--runs prints a table or --json, not CSV');
        const summaries = (await readAllRuns(store, deck)).map((record) => summarizeRun(manifest, record));
        if (values.json) process.stdout.write(`${JSON.stringify(summaries, null, 2)}\n`);
        else {
          const across = acrossRunsToText(summaries);
          process.stdout.write(`${runsToText(manifest.title, summaries)}\n${across ? `\n${across}\n` : ''}`);
        }
        return;
      }
      const record = await readRun(store, deck, stringValue(values, 'run'));
      const talk = record ? new Talk(manifest, record.stored, record.run) : new Talk(manifest, await store.load(deck));
      const results = buildResults(talk, new Date());
      if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      else if (values.csv) process.stdout.write(resultsToCsv(results));
      else process.stdout.write(`${resultsToText(results)}\n`);
    } finally {
      await store.close();
    }
  },
};
