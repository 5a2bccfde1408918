/**
 * `lectern start`: flags and environment → build if stale → one server for the built decks, socket.io on
 * the same port, the next free port if the asked one is taken.
 */
import path from 'node:path';
import { checkCustomPresenterToken, newPresenterToken } from '../../server/access/presenterToken.ts';
import { createApp, DEFAULT_MAX_PHONES_PER_IP } from '../../server/app.ts';
import { consoleLogger } from '../../server/log.ts';
import { describeRun } from '../../server/results/runList.ts';
import { talkDataFile } from '../../server/store/dataFile.ts';
import { openSqliteStore, type SyncMode } from '../../server/store/sqlite.ts';
import { describeBrokenDeck, readBrokenDecks } from '../../src/build/brokenDecks.ts';
import { buildIfStale } from '../../src/build/buildIfStale.ts';
import { type Command, stringValue, UsageError, type Values } from '../command.ts';
import { joinBanner } from '../joinBanner.ts';
import { listenForTheRoom } from '../listen.ts';
import { settleMemoryAfterStart } from '../settleMemory.ts';
import type { TalkFolder } from '../talkFolder.ts';

export const SERVER_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
  deck: { type: 'string' },
  'allow-origin': { type: 'string', multiple: true },
  'public-url': { type: 'string' },
  'max-phones-per-ip': { type: 'string' },
  'trust-proxy': { type: 'boolean', default: false },
} as const;

export const SERVER_USAGE = `  --port <n>            port, 0 for any free one (taken: the next free one)   env PORT, default 3000
  --host <address>      interface to listen on           env HOST, default all interfaces
  --data <file>         the talk's SQLite file           env LECTERN_DATA, default .lectern/talks.sqlite
  --deck <id>           deck the QR code points to       default the only deck, else the chooser page /join/
  --allow-origin <url>  another origin pages may connect from (repeatable); its host name is
                        then one this server answers to, besides IP addresses, localhost and
                        the machine's own name
                                                         env LECTERN_ALLOWED_ORIGINS, comma-separated
  --public-url <url>    where phones reach the talk (a load balancer), for the URLs and QR code
                                                         env LECTERN_PUBLIC_URL, default this server's LAN address
  --max-phones-per-ip <n>  distinct phones one address may bring to a deck, 0 for no cap
                                                         env LECTERN_MAX_PHONES_PER_IP, default 50
  --trust-proxy         behind a reverse proxy: count phones by its X-Forwarded-For
                                                         env LECTERN_TRUST_PROXY=1`;

const TOKEN_USAGE = `The presenter token comes from env LECTERN_PRESENTER_TOKEN, at least 16 characters (a fresh random
one each start otherwise).
The presenter URL shows it only when the output is a terminal, never in a log.`;

/** `http://talk.example:8080/` → `http://talk.example:8080`; refuses what is not an http(s) URL. */
function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed || !/^https?:$/.test(parsed.protocol))
    throw new UsageError(`--public-url must be an http(s) URL, not ${url}`);
  return parsed.origin;
}

/** The flags `start` and `dev` share, with the environment as fallback. */
export function serverSettings(values: Values, talk: TalkFolder, env = process.env) {
  const port = Number(stringValue(values, 'port') ?? env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`not a port: ${stringValue(values, 'port') ?? env.PORT}`);
  const maxPhonesText = stringValue(values, 'max-phones-per-ip') ?? env.LECTERN_MAX_PHONES_PER_IP;
  const maxPhones = Number(maxPhonesText ?? DEFAULT_MAX_PHONES_PER_IP);
  if (!Number.isInteger(maxPhones) || maxPhones < 0)
    throw new UsageError(`--max-phones-per-ip must be a whole number, 0 for no cap, not ${maxPhonesText}`);
  if (env.LECTERN_PRESENTER_TOKEN) checkCustomPresenterToken(env.LECTERN_PRESENTER_TOKEN);
  const envOrigins = (env.LECTERN_ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const origins = values['allow-origin'];
  return {
    port,
    host: stringValue(values, 'host') ?? env.HOST ?? undefined,
    data: talkDataFile(talk.root, stringValue(values, 'data'), env),
    deck: stringValue(values, 'deck'),
    allowedOrigins: [...envOrigins, ...(Array.isArray(origins) ? origins.map(String) : [])],
    publicOrigin: originOf(stringValue(values, 'public-url') ?? (env.LECTERN_PUBLIC_URL || undefined)),
    maxPhones,
    trustProxy: values['trust-proxy'] === true || env.LECTERN_TRUST_PROXY === '1',
    token: env.LECTERN_PRESENTER_TOKEN || newPresenterToken(),
    tokenFromEnv: Boolean(env.LECTERN_PRESENTER_TOKEN),
  };
}

export type ServerSettings = ReturnType<typeof serverSettings>;

/** The token line under the URLs: why it is (or is not) shown. */
export function tokenNote(settings: ServerSettings, tokenShown: boolean): void {
  if (tokenShown) {
    if (!settings.tokenFromEnv)
      console.log('(a new presenter token each start; set LECTERN_PRESENTER_TOKEN to keep one)');
  } else if (settings.tokenFromEnv) {
    console.log('(the presenter token is shown only in a terminal, never in a log: use your LECTERN_PRESENTER_TOKEN)');
  } else {
    consoleLogger.warn(
      'output is not a terminal, so the random presenter token is not shown (it would land in a log): set LECTERN_PRESENTER_TOKEN to present',
    );
  }
}

/** Closes what `close` closes on Ctrl-C or a service manager's stop; a second Ctrl-C exits at once. */
export function stopOnSignals(close: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) process.exit(130);
    stopping = true;
    consoleLogger.info(`\n${signal}: closing…`);
    await close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

export const startCommand: Command = {
  usage: `Usage: lectern start [options]

${SERVER_USAGE}
  --dist <folder>       built decks                      default dist/
  --sync <normal|full>  SQLite synchronous mode: normal survives a crash of the server, full also a
                        power cut, at the price of an fsync per commit   env LECTERN_SYNC, default normal
  --redis <url>         one of many nodes sharing this Redis (state, votes, broadcasts)
                                                         env REDIS_URL, default none: SQLite, one process
  --no-build            serve dist/ as it is, even when older than the slides
  --new-run [name]      close each deck's current run and start a clean one (slide, polls, ballots,
                        ratings), named name or the date and time; without it the current run resumes
  --rehearsal           with --new-run: mark the new run as a rehearsal

${TOKEN_USAGE}
`,
  options: {
    ...SERVER_OPTIONS,
    dist: { type: 'string' },
    sync: { type: 'string' },
    redis: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    'new-run': { type: 'boolean', default: false },
    rehearsal: { type: 'boolean', default: false },
  },
  // The new run's name: `--new-run "Berlin meetup"`.
  positionals: [0, 1],
  async run({ values, positionals, talk }) {
    const newRun = values['new-run'] === true;
    if (positionals.length > 0 && !newRun) {
      throw new UsageError(
        `lectern start takes no arguments (${positionals.join(' ')}); a run's name goes after --new-run`,
      );
    }
    if (values.rehearsal === true && !newRun)
      throw new UsageError('--rehearsal marks a new run: use it with --new-run');
    const settings = serverSettings(values, talk);
    const env = process.env;
    const sync = (stringValue(values, 'sync') ?? env.LECTERN_SYNC ?? 'normal').toLowerCase();
    if (sync !== 'full' && sync !== 'normal') throw new UsageError(`--sync must be full or normal, not ${sync}`);
    const redisUrl = stringValue(values, 'redis') ?? (env.REDIS_URL || undefined);
    const dist = path.resolve(stringValue(values, 'dist') ?? talk.dist);
    const log = consoleLogger;
    if (values['no-build'] !== true) await buildIfStale(talk.root, dist, log);
    // A deck that does not build is told, and the others are served: a draft never stops the talk.
    for (const broken of readBrokenDecks(dist)) log.warn(`not served: ${describeBrokenDeck(broken)}`);

    // The Redis client is loaded only for a talk of many nodes.
    const redis = redisUrl
      ? await (await import('../../server/cluster/redisCluster.ts')).openRedisCluster(redisUrl, { log })
      : null;
    const redact = redisUrl ? (await import('../../server/store/redis/connection.ts')).redact : String;
    const store = redis?.store ?? openSqliteStore(settings.data, { synchronous: sync as SyncMode });
    let origin: string | undefined;
    const startedAt = Date.now();
    const app = await createApp({
      store,
      cluster: redis?.cluster,
      presenterToken: settings.token,
      distDir: dist,
      // Pages loaded through the load balancer connect from its origin.
      allowedOrigins: settings.publicOrigin
        ? [...settings.allowedOrigins, settings.publicOrigin]
        : settings.allowedOrigins,
      publicOrigin: () => origin,
      maxPhonesPerIp: settings.maxPhones,
      trustProxy: settings.trustProxy,
      log,
      newRun: newRun ? { name: positionals[0] ?? '', rehearsal: values.rehearsal === true } : undefined,
    });

    origin = (await listenForTheRoom(app.httpServer, settings, log)).origin;
    console.log(`data      ${redis && redisUrl ? `${redact(redisUrl)} (node ${redis.nodeId})` : settings.data}`);
    console.log(`library   ${origin}/`);
    for (const live of app.decks.values()) {
      const run = live.talk.run;
      // A deck's first run starts here too, without --new-run.
      if (run)
        console.log(
          `run       ${live.talk.deck}: ${describeRun(run)} (${run.startedAt >= startedAt ? 'new' : 'resumed'})`,
        );
    }
    // The token is for the person at the terminal. Output going elsewhere (a file, a service's journal,
    // CI) is a log, and a log is read by others and kept: there it stands as a placeholder.
    const tokenShown = process.stdout.isTTY === true;
    if (settings.deck && !app.decks.has(settings.deck)) log.warn(`--deck ${settings.deck}: no such built deck`);
    console.log(
      await joinBanner({
        origin,
        decks: [...app.decks.keys()],
        token: settings.token,
        tokenShown,
        qrDeck: settings.deck,
      }),
    );
    tokenNote(settings, tokenShown);
    settleMemoryAfterStart();

    stopOnSignals(async () => {
      await app.close();
      await (redis ?? store).close();
    });
    // Serving until a signal: the command's promise never settles.
    await new Promise<never>(() => {});
  },
};
