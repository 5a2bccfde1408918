/**
 * Starts the real server (`createApp`) on 127.0.0.1 and a free port, on a fresh SQLite file and the
 * fixture decks, and connects real socket.io clients to it. `close()` closes the clients first, then
 * the server, then the store, then removes the temp folder.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Socket as ClientSocket, io as ioClient } from 'socket.io-client';
import { type App, type AppDeps, createApp } from '../../server/app.ts';
import { silentLogger } from '../../server/log.ts';
import { createMemoryStore } from '../../server/store/memory.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { TalkStore } from '../../server/store/types.ts';
import type {
  ClientEventName,
  ClientToServerEvents,
  HandshakeAuth,
  Role,
  ServerToClientEvents,
  Snapshot,
} from '../../src/protocol.ts';
import { FIXTURE_DECK, writeFixtureDist } from '../server/fixtureDist.ts';

export type TestSocket = ClientSocket<ServerToClientEvents, ClientToServerEvents>;
export type AckOf<E extends ClientEventName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
type ServerEvent = keyof ServerToClientEvents;
type ServerPayload<E extends ServerEvent> = Parameters<ServerToClientEvents[E]>[0];

export interface TestClient {
  socket: TestSocket;
  clientId: string;
  /** The snapshot received on connecting. */
  snapshot: Snapshot;
  /** Every server event received, in order. */
  received: { event: ServerEvent; payload: unknown }[];
  /** Emits and waits for the ack (fails after a few seconds rather than hanging). */
  call<E extends ClientEventName>(event: E, payload: Parameters<ClientToServerEvents[E]>[0]): Promise<AckOf<E>>;
  /** Resolves with the first matching event, already received or still to come. */
  waitFor<E extends ServerEvent>(event: E, match?: (payload: ServerPayload<E>) => boolean): Promise<ServerPayload<E>>;
  close(): void;
}

export interface ConnectOptions {
  clientId?: string;
  /** Presenter token; the right one by default for `presenter`. */
  token?: string | null;
  deck?: string;
  /** Extra handshake headers (e.g. `Origin`). */
  headers?: Record<string, string>;
  /** @defaultValue ['websocket']; the phone page tries WebSocket first, then long-polling. */
  transports?: ('polling' | 'websocket')[];
}

export interface TestServerOptions
  extends Partial<
    Pick<
      AppDeps,
      | 'statsIntervalMs'
      | 'audienceStatsIntervalMs'
      | 'allowedOrigins'
      | 'maxMessageBytes'
      | 'trustProxy'
      | 'sessions'
      | 'tokenGuesses'
      | 'log'
      | 'maxPhonesPerIp'
      | 'failureReportMs'
    >
  > {
  /** Reuse a folder (and its SQLite file) from an earlier server, to test a restart. */
  dir?: string;
  store?: 'sqlite' | 'memory';
  /** How long the SQLite store retries writes against a lock held elsewhere. @defaultValue the store's */
  busyRetryMs?: number;
}

export interface TestServer {
  url: string;
  token: string;
  deck: string;
  dir: string;
  dataFile: string;
  app: App;
  connect(role: Role, options?: ConnectOptions): Promise<TestClient>;
  /** Tries to connect and resolves with the `connect_error` message. */
  refused(auth: Partial<HandshakeAuth> | Record<string, unknown>, headers?: Record<string, string>): Promise<string>;
  /** Closes clients and server; `keepFiles` leaves the folder for a restart. */
  close(options?: { keepFiles?: boolean }): Promise<void>;
}

const ACK_TIMEOUT_MS = 5000;

export function newClientId(): string {
  return crypto.randomBytes(12).toString('base64url');
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-server-'));
  const distDir = path.join(dir, 'dist');
  if (!fs.existsSync(distDir)) writeFixtureDist(dir);
  const dataFile = path.join(dir, 'talks.sqlite');
  const store: TalkStore =
    options.store === 'memory' ? createMemoryStore() : openSqliteStore(dataFile, { busyRetryMs: options.busyRetryMs });
  const token = `test-token-${newClientId()}`;
  const app = await createApp({
    store,
    presenterToken: token,
    distDir,
    log: options.log ?? silentLogger,
    trustProxy: options.trustProxy,
    sessions: options.sessions,
    tokenGuesses: options.tokenGuesses,
    maxPhonesPerIp: options.maxPhonesPerIp,
    failureReportMs: options.failureReportMs,
    statsIntervalMs: options.statsIntervalMs ?? 50,
    audienceStatsIntervalMs: options.audienceStatsIntervalMs ?? 50,
    allowedOrigins: options.allowedOrigins,
    maxMessageBytes: options.maxMessageBytes,
  });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const address = app.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const url = `http://127.0.0.1:${address.port}`;
  const sockets = new Set<TestSocket>();

  const open = (
    auth: Record<string, unknown>,
    headers?: Record<string, string>,
    transports: ConnectOptions['transports'] = ['websocket'],
  ): TestSocket => {
    const socket: TestSocket = ioClient(url, {
      auth,
      transports,
      extraHeaders: headers,
      reconnection: false,
      forceNew: true,
      timeout: ACK_TIMEOUT_MS,
    });
    sockets.add(socket);
    return socket;
  };

  const connect = async (role: Role, o: ConnectOptions = {}): Promise<TestClient> => {
    const clientId = o.clientId ?? newClientId();
    const auth: Record<string, unknown> = { deck: o.deck ?? FIXTURE_DECK, role, clientId };
    const tokenToUse = o.token === undefined ? (role === 'presenter' ? token : undefined) : o.token;
    if (tokenToUse !== null && tokenToUse !== undefined) auth.token = tokenToUse;
    const socket = open(auth, o.headers, o.transports);
    const received: TestClient['received'] = [];
    const waiters: { event: ServerEvent; match?: (p: never) => boolean; resolve: (p: never) => void }[] = [];
    socket.onAny((event: ServerEvent, payload: unknown) => {
      received.push({ event, payload });
      for (const w of [...waiters]) {
        if (w.event === event && (!w.match || w.match(payload as never))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(payload as never);
        }
      }
    });
    const snapshot = await new Promise<Snapshot>((resolve, reject) => {
      socket.once('snapshot', resolve);
      socket.once('connect_error', reject);
    });
    return {
      socket,
      clientId,
      snapshot,
      received,
      call: (event, payload) =>
        (
          socket.timeout(ACK_TIMEOUT_MS) as unknown as { emitWithAck: (e: string, p: unknown) => Promise<never> }
        ).emitWithAck(event, payload),
      waitFor: (event, match) =>
        new Promise((resolve, reject) => {
          const seen = received.find((r) => r.event === event && (!match || match(r.payload as never)));
          if (seen) return resolve(seen.payload as never);
          const timer = setTimeout(() => reject(new Error(`no ${event} event`)), ACK_TIMEOUT_MS);
          waiters.push({
            event,
            match: match as (p: never) => boolean,
            resolve: (p: never) => {
              clearTimeout(timer);
              resolve(p);
            },
          });
        }),
      close: () => {
        socket.disconnect();
        sockets.delete(socket);
      },
    };
  };

  const refused = (auth: Record<string, unknown>, headers?: Record<string, string>) =>
    new Promise<string>((resolve, reject) => {
      const socket = open(auth, headers);
      socket.once('connect', () => reject(new Error('connected, expected a refusal')));
      socket.once('connect_error', (error) => {
        socket.disconnect();
        resolve(error.message);
      });
    });

  return {
    url,
    token,
    deck: FIXTURE_DECK,
    dir,
    dataFile,
    app,
    connect,
    refused,
    async close(closeOptions = {}) {
      for (const socket of sockets) socket.disconnect();
      sockets.clear();
      await app.close();
      await store.close();
      if (!closeOptions.keepFiles) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves once `predicate` holds, checking after each event loop turn; fails after a few seconds. */
export async function eventually(predicate: () => boolean, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ACK_TIMEOUT_MS;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
