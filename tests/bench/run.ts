/**
 * `npm run bench [-- <name>…]`: runs the benches and prints one markdown table each. Not part of
 * `npm test`: they take minutes and measure time.
 *
 * A bench is an async function returning a `BenchTable`; add it to `BENCHES` to have it run.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { benchCommandBuild } from './buildEdit.ts';
import { benchCluster } from './cluster.ts';
import { benchDeckPages } from './deckPages.ts';
import { benchExport } from './export.ts';
import { benchFanout, type FanoutOptions, type FanoutResult } from './fanout.ts';
import { benchHardening } from './hardening.ts';
import { benchMemory } from './memory.ts';
import { phoneBudgetRows } from './phoneBudget.ts';
import { phoneDeltaRows } from './phoneDelta.ts';
import { phoneOpenRows } from './phoneOpen.ts';
import { benchRoomTalk } from './roomTalk.ts';
import { benchStartup } from './startup.ts';
import { type BenchTable, toMarkdown } from './table.ts';
import { benchTimeline } from './timeline.ts';
import { benchVotes } from './votes.ts';

/** Open files this process may have: each socket is one, and the server holds one per phone. */
function openFileLimit(): number {
  const out = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim();
  return out === 'unlimited' ? Infinity : Number(out);
}

const limit = openFileLimit();
/** The server holds one descriptor per socket, plus its own; sizes beyond the limit are left out. */
const sizes = [1000, 5000, 10000].filter((n) => n + 500 <= limit);
const fanoutResults: FanoutResult[] = [];

const twoColumns = (title: string, rows: [string, string][]): BenchTable => ({
  title,
  columns: ['measure', 'value'],
  rows,
});

/** `--moves=60 --reps=3 --phones=lean,socket.io-client --sizes=5000,10000 --servers=raw,lectern`: fan-out settings. */
function flag(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}
const list = (value: string | undefined) => value?.split(',').filter(Boolean);
const fanoutOptions: FanoutOptions = {
  sizes: list(flag('sizes'))?.map(Number) ?? sizes,
  moves: flag('moves') ? Number(flag('moves')) : undefined,
  repetitions: flag('reps') ? Number(flag('reps')) : undefined,
  phones: list(flag('phones')) as FanoutOptions['phones'],
  servers: list(flag('servers')) as FanoutOptions['servers'],
};

const BENCHES: Record<string, () => Promise<BenchTable>> = {
  fanout: () => benchFanout(fanoutOptions, fanoutResults),
  votes: () => benchVotes(),
  timeline: () => benchTimeline(),
  // One node holds every phone of its setup: stay under the open-file limit.
  cluster: () => benchCluster({ sockets: Math.min(4000, limit - 500), voters: Math.min(2000, limit - 500) }),
  memory: () => benchMemory(fanoutResults),
  startup: () => benchStartup(),
  pages: async () => twoColumns('Deck pages: build time and weight', await benchDeckPages()),
  // `lectern build` alone: cold, warm, and after one slide of the seed deck is edited.
  build: async () => twoColumns('`lectern build`: time and peak memory', await benchCommandBuild()),
  export: () => benchExport(),
  // Reads the built dist/ (npm run build first).
  phone: async () =>
    twoColumns('Phone page: weight, opening time and the cost of a slide change', [
      ...(await phoneBudgetRows()),
      ...(await phoneOpenRows()),
      ...(await phoneDeltaRows()),
    ]),
  // Reactions from 2,000 phones and the pointer to 1,000, with a real projector page (npm run build first).
  room: () => benchRoomTalk(),
  // The hardening stress suite (npm run test:stress), on the built dist/: its figures and pass rules.
  hardening: () => benchHardening(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
const unknown = names.filter((n) => !(n in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(`## lectern bench\n`);
console.log(
  `Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GB, ` +
    `ulimit -n ${limit}${sizes.length < 3 ? ` (too low for 10,000 sockets: raise it with \`ulimit -n 20000\`)` : ''}, load average at start ${load()}\n`,
);
const started = Date.now();
let failed = false;
for (const name of names) {
  const t0 = Date.now();
  try {
    const table = await BENCHES[name]!();
    console.log(
      `${toMarkdown(table)}\n- (${((Date.now() - t0) / 1000).toFixed(0)} s; load average at the end ${load()})\n`,
    );
  } catch (error) {
    failed = true;
    console.log(`### ${name}\n\nfailed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
console.log(`Total ${((Date.now() - started) / 1000).toFixed(0)} s; load average at end ${load()}.`);
process.exit(failed ? 1 : 0);
