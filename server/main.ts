/**
 * `npm start`: flags and environment → build if stale → one server for the built decks, socket.io on
 * the same port. The only file that listens on a port.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { paths, TOKEN_FRAGMENT_KEY } from '../src/protocol.ts';
import { createApp, DEFAULT_MAX_PHONES_PER_IP, PROJECT_ROOT } from './app.ts';
import { checkCustomPresenterToken, newPresenterToken } from './auth.ts';
import { buildIfStale } from './buildIfStale.ts';
import { publicOrigin } from './lan.ts';
import { consoleLogger } from './log.ts';
import { openRedisCluster } from './cluster/redisCluster.ts';
import { redact } from './store/redis/connection.ts';
import { openSqliteStore, type SyncMode } from './store/sqlite.ts';

const USAGE = `Usage: npm start -- [options]

  --port <n>            port, 0 for any free one        env PORT, default 3000
  --host <address>      interface to listen on           env HOST, default all interfaces
  --data <file>         the talk's SQLite file           env LECTERN_DATA, default .lectern/talks.sqlite
  --dist <folder>       built decks                      default dist/
  --deck <id>           deck the QR code points to       default the only deck, else the library page
  --allow-origin <url>  another origin pages may connect from (repeatable); its host name is
                        then one this server answers to, besides IP addresses, localhost and
                        the machine's own name
                                                         env LECTERN_ALLOWED_ORIGINS, comma-separated
  --sync <normal|full>  SQLite synchronous mode: normal survives a crash of the server, full also a
                        power cut, at the price of an fsync per commit   env LECTERN_SYNC, default normal
  --redis <url>         one of many nodes sharing this Redis (state, votes, broadcasts)
                                                         env REDIS_URL, default none: SQLite, one process
  --public-url <url>    where phones reach the talk (a load balancer), for the URLs and QR code
                                                         env LECTERN_PUBLIC_URL, default this server's LAN address
  --max-phones-per-ip <n>  distinct phones one address may bring to a deck, 0 for no cap
                                                         env LECTERN_MAX_PHONES_PER_IP, default 50
  --trust-proxy         behind a reverse proxy: count phones by its X-Forwarded-For
                                                         env LECTERN_TRUST_PROXY=1
  --no-build            serve dist/ as it is, even when older than the slides

The presenter token comes from env LECTERN_PRESENTER_TOKEN, at least 16 characters (a fresh random
one each start otherwise).
The presenter URL shows it only when the output is a terminal, never in a log.
`;

function parseOptions() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      dist: { type: 'string' },
      deck: { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      sync: { type: 'string' },
      redis: { type: 'string' },
      'public-url': { type: 'string' },
      'max-phones-per-ip': { type: 'string' },
      'trust-proxy': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const env = process.env;
  const port = Number(values.port ?? env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a port: ${values.port ?? env.PORT}`);
  const sync = (values.sync ?? env.LECTERN_SYNC ?? 'normal').toLowerCase();
  if (sync !== 'full' && sync !== 'normal') throw new Error(`--sync must be full or normal, not ${sync}`);
  const maxPhones = Number(values['max-phones-per-ip'] ?? env.LECTERN_MAX_PHONES_PER_IP ?? DEFAULT_MAX_PHONES_PER_IP);
  if (!Number.isInteger(maxPhones) || maxPhones < 0) {
    throw new Error(`--max-phones-per-ip must be a whole number, 0 for no cap, not ${values['max-phones-per-ip'] ?? env.LECTERN_MAX_PHONES_PER_IP}`);
  }
  if (env.LECTERN_PRESENTER_TOKEN) checkCustomPresenterToken(env.LECTERN_PRESENTER_TOKEN);
  const envOrigins = (env.LECTERN_ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    port,
    host: values.host ?? env.HOST ?? undefined,
    data: path.resolve(values.data ?? env.LECTERN_DATA ?? path.join(PROJECT_ROOT, '.lectern', 'talks.sqlite')),
    dist: path.resolve(values.dist ?? path.join(PROJECT_ROOT, 'dist')),
    deck: values.deck,
    allowedOrigins: [...envOrigins, ...(values['allow-origin'] ?? [])],
    sync: sync as SyncMode,
    redis: values.redis ?? (env.REDIS_URL || undefined),
    publicOrigin: originOf(values['public-url'] ?? (env.LECTERN_PUBLIC_URL || undefined)),
    maxPhones,
    trustProxy: values['trust-proxy'] || env.LECTERN_TRUST_PROXY === '1',
    build: !values['no-build'],
    token: env.LECTERN_PRESENTER_TOKEN || newPresenterToken(),
    tokenFromEnv: Boolean(env.LECTERN_PRESENTER_TOKEN),
  };
}

/** `http://talk.example:8080/` → `http://talk.example:8080`; refuses what is not an http(s) URL. */
function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed || !/^https?:$/.test(parsed.protocol)) throw new Error(`--public-url must be an http(s) URL, not ${url}`);
  return parsed.origin;
}

async function main(): Promise<void> {
  const options = parseOptions();
  const log = consoleLogger;
  if (options.build) await buildIfStale(PROJECT_ROOT, options.dist, log);

  const redis = options.redis ? await openRedisCluster(options.redis, { log }) : null;
  const store = redis?.store ?? openSqliteStore(options.data, { synchronous: options.sync });
  let origin: string | undefined;
  const app = await createApp({
    store,
    cluster: redis?.cluster,
    presenterToken: options.token,
    distDir: options.dist,
    // Pages loaded through the load balancer connect from its origin.
    allowedOrigins: options.publicOrigin ? [...options.allowedOrigins, options.publicOrigin] : options.allowedOrigins,
    publicOrigin: () => origin,
    maxPhonesPerIp: options.maxPhones,
    trustProxy: options.trustProxy,
    log,
  });

  await new Promise<void>((resolve, reject) => {
    app.httpServer.once('error', reject);
    app.httpServer.listen(options.port, options.host, resolve);
  });
  const address = app.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const reach = options.publicOrigin ? { origin: options.publicOrigin, reachable: true } : publicOrigin(options.host, port);
  origin = reach.origin;

  // The first line is for scripts (and the tests): the bound port, parseable.
  console.log(`lectern listening port=${port}`);
  if (!reach.reachable) log.warn('no LAN address found: phones cannot reach this server; join the wifi or set HOST');
  console.log(`data      ${redis && options.redis ? `${redact(options.redis)} (node ${redis.nodeId})` : options.data}`);
  console.log(`library   ${origin}/`);
  // The token is for the person at the terminal. Output going elsewhere (a file, a service's journal,
  // CI) is a log, and a log is read by others and kept: there it stands as a placeholder.
  const tokenShown = process.stdout.isTTY === true;
  const shownToken = tokenShown ? options.token : '<LECTERN_PRESENTER_TOKEN>';
  const decks = [...app.decks.keys()];
  const qrDeck = options.deck ?? (decks.length === 1 ? decks[0] : undefined);
  if (options.deck && !app.decks.has(options.deck)) log.warn(`--deck ${options.deck}: no such built deck`);
  for (const deck of decks) {
    console.log(`\n${deck}`);
    console.log(`  audience  ${origin}${paths.join(deck)}`);
    console.log(`  projector ${origin}${paths.deck(deck)}`);
    console.log(`  presenter ${origin}${paths.speaker(deck)}#${TOKEN_FRAGMENT_KEY}=${shownToken}`);
  }
  const qrUrl = qrDeck && app.decks.has(qrDeck) ? `${origin}${paths.join(qrDeck)}` : `${origin}/`;
  console.log(`\nScan to join: ${qrUrl}`);
  console.log(await QRCode.toString(qrUrl, { type: 'terminal', small: true }));
  if (tokenShown) {
    if (!options.tokenFromEnv) console.log('(a new presenter token each start; set LECTERN_PRESENTER_TOKEN to keep one)');
  } else if (options.tokenFromEnv) {
    console.log('(the presenter token is shown only in a terminal, never in a log: use your LECTERN_PRESENTER_TOKEN)');
  } else {
    log.warn('output is not a terminal, so the random presenter token is not shown (it would land in a log): set LECTERN_PRESENTER_TOKEN to present');
  }

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) process.exit(130);
    stopping = true;
    log.info(`\n${signal}: closing…`);
    await app.close();
    await (redis ?? store).close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
