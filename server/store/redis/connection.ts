/**
 * One Redis connection as lectern uses it: fail fast while Redis is away, come back on its own, log
 * the outage once rather than on every retry, and keep the Lua scripts loaded.
 */
import { createClient } from 'redis';
import type { Logger } from '../../log.ts';
import { ROOM_SCRIPTS } from './roomScripts.ts';
import { ALL_SCRIPTS, type LuaScript } from './scripts.ts';

export type RedisClient = ReturnType<typeof createClient>;

export interface RedisConnectOptions {
  /** @defaultValue silent */
  log?: Logger;
  /** Give up on the first connection after this long (a later outage is retried forever). @defaultValue 5000 */
  connectTimeoutMs?: number;
}

/**
 * Connects to `url` (`redis://host:port/db`).
 *
 * Commands sent while Redis is unreachable fail at once (`disableOfflineQueue`) instead of waiting in
 * memory: a vote then gets an `internal` ack the phone can retry, rather than an ack that may come
 * long after the phone gave up, or never. Reconnection is retried with a short capped backoff, so a
 * restarted Redis is back in use within a second.
 */
export async function connectRedis(url: string, options: RedisConnectOptions = {}): Promise<RedisClient> {
  const log = options.log;
  /** Set once the first connection succeeded: from then on an outage is logged and retried. */
  let connected = false;
  const client: RedisClient = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: options.connectTimeoutMs ?? 5000,
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000) + Math.floor(Math.random() * 100),
    },
  });
  let down = false;
  let lastError: Error | null = null;
  client.on('error', (error: Error) => {
    lastError = error;
    // Before the first connection, the failure is reported once, by `connectRedis` throwing.
    if (!connected || down) return;
    down = true;
    log?.warn(`redis ${redact(url)}: ${error.message || 'connection lost'}; retrying`);
  });
  client.on('ready', () => {
    // A restarted Redis has an empty script cache: load them before anything else is sent.
    void loadScripts(client).catch(() => {});
    if (down) log?.info(`redis ${redact(url)}: connected again`);
    down = false;
  });

  const timeoutMs = options.connectTimeoutMs ?? 5000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => {
          const reason = lastError?.message;
          reject(new Error(`cannot reach Redis at ${redact(url)}${reason ? `: ${reason}` : ''}`));
        }, timeoutMs);
      }),
    ]);
  } catch (error) {
    client.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  connected = true;
  await loadScripts(client);
  return client;
}

async function loadScripts(client: RedisClient): Promise<void> {
  await Promise.all([...ALL_SCRIPTS, ...ROOM_SCRIPTS].map((script) => client.scriptLoad(script.source)));
}

/**
 * Runs a script by its SHA1; if Redis does not know it (restarted a moment ago), sends the source.
 * @returns the raw reply, for the parsers in `replies.ts`.
 */
export async function runScript(
  client: RedisClient,
  script: LuaScript,
  keys: string[],
  args: (string | number)[],
): Promise<unknown> {
  const options = { keys, arguments: args.map(String) };
  try {
    return await client.evalSha(script.sha, options);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return client.eval(script.source, options);
  }
}

/** Closes gracefully (pending replies first); a connection that is already gone is just dropped. */
export async function closeRedis(client: RedisClient): Promise<void> {
  if (!client.isOpen) return;
  try {
    await client.close();
  } catch {
    client.destroy();
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
