/**
 * The one way a test starts lectern: `startLectern({ in, store, nodes })`. In this process (the real
 * `createApp`, fast, its app and store at hand) or as `server/main.ts` children (what `npm start`
 * runs: kill -9 one, start it again on its port); on a fresh SQLite file, in memory, or as nodes of
 * one real Redis. Always on 127.0.0.1 and free ports, in a temp folder with the fixture deck unless
 * told to serve other built decks. `close()` closes the clients it opened, then the servers, the
 * stores and Redis, then removes the folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { App } from '../../server/app.ts';
import type { Logger } from '../../server/log.ts';
import { openRedisStore } from '../../server/store/redis.ts';
import type { StoredTalk, TalkStore } from '../../server/store/types.ts';
import type { HandshakeAuth, Role, Snapshot } from '../../src/protocol.ts';
import { FIXTURE_DECK, writeFixtureDist } from '../server/fixtureDist.ts';
import { type AppOptions, type LecternNode, type NodeSpec, startChildNode, startInProcessNode } from './lecternNode.ts';
import { startRedis, type TestRedis } from './redis.ts';
import {
  connectClient,
  newClientId,
  openSocket,
  refusal,
  type SocketOptions,
  type TestClient,
  type TestSocket,
} from './testClient.ts';

export { LecternExited, type LecternNode } from './lecternNode.ts';
export { type AckOf, eventually, newClientId, type TestClient, type TestSocket } from './testClient.ts';

/** The presenter token unless a test sets its own (`server/main.ts` wants at least 16 characters). */
export const TEST_TOKEN = 'lectern-test-presenter-token';

export interface LecternOptions extends AppOptions {
  /** The app in this process, or `server/main.ts` in child processes. @defaultValue 'process' */
  in?: 'process' | 'child';
  /** @defaultValue 'sqlite', a fresh file; 'redis' starts a real redis-server for the nodes to share */
  store?: 'memory' | 'sqlite' | 'redis';
  /** Servers on the same talk; more than one needs `store: 'redis'`. @defaultValue 1 */
  nodes?: number;
  /** Built decks to serve. @defaultValue the fixture deck (`tests/server/fixtureDist.ts`), written into the folder */
  dist?: string;
  /** @defaultValue TEST_TOKEN */
  token?: string;
  /** A SQLite file of the test's own. @defaultValue a fresh one in the folder */
  dataFile?: string;
  /** In process. @defaultValue every line kept in `logLines` */
  log?: Logger;
  /**
   * In process: counter messages to presenters and audience every 50 ms, so tests wait little; false
   * keeps the app's own intervals (what `npm start` runs, what the bench measures). `statsIntervalMs`
   * and `audienceStatsIntervalMs` set either. @defaultValue true
   */
  quickCounters?: boolean;
  busyRetryMs?: NodeSpec['busyRetryMs'];
  synchronous?: NodeSpec['synchronous'];
  backlog?: NodeSpec['backlog'];
  probe?: NodeSpec['probe'];
  nodeFlags?: NodeSpec['nodeFlags'];
  args?: NodeSpec['args'];
}

export interface ConnectOptions extends SocketOptions {
  clientId?: string;
  /** Presenter token; the right one by default for `presenter`, none for `audience`. */
  token?: string | null;
  /** @defaultValue `lectern.deck` */
  deck?: string;
  /** Which node to connect to. @defaultValue 0 */
  node?: number;
}

export interface Lectern {
  /** The first node's URL. */
  url: string;
  /** Every node's URL (a node restarted comes back on its port, so these stay true). */
  urls: string[];
  token: string;
  /** The fixture deck (or whatever `dist` holds; connect with `deck` then). */
  deck: string;
  dir: string;
  dist: string;
  /** The SQLite file (with `store: 'sqlite'`). */
  dataFile: string;
  nodes: LecternNode[];
  /** In process: the first node's app and store. */
  readonly app: App;
  readonly store: TalkStore;
  /** With `store: 'redis'`: the redis-server, to kill and restart. */
  redis: TestRedis | null;
  /** Every line logged in process (unless `log` was given), in order. */
  logLines: string[];
  /** A real socket.io client, connected and holding its snapshot. */
  connect(role: Role, options?: ConnectOptions): Promise<TestClient>;
  /** Tries to connect and resolves with the `connect_error` message. */
  refused(auth: Partial<HandshakeAuth> | Record<string, unknown>, headers?: Record<string, string>): Promise<string>;
  /** The snapshot a fresh presenter connection gets from node `node`. */
  snapshot(node?: number): Promise<Snapshot>;
  /** The talk as the presenter sees it, without the audience count: what bad input must leave alone. */
  state(node?: number): Promise<Omit<Snapshot, 'audience'>>;
  /** What the store holds (a SQLite file in use by a child: its ballots only, read straight from the file). */
  stored(): Promise<StoredTalk>;
  /** A crash of node `index`: SIGKILL a child; in process, its app and store closed. */
  kill(index: number): Promise<void>;
  /** Kills node `index` (if still running) and starts it again on its port and store. */
  restart(index: number): Promise<LecternNode>;
  /** Starts one more node on the same talk (on Redis: one that knows only what Redis holds). */
  addNode(): Promise<LecternNode>;
  close(): Promise<void>;
}

export async function startLectern(options: LecternOptions = {}): Promise<Lectern> {
  const where = options.in ?? 'process';
  const storeKind = options.store ?? 'sqlite';
  const count = options.nodes ?? 1;
  if (count > 1 && storeKind !== 'redis') throw new Error('several nodes share one talk through Redis only');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-test-'));
  const dist = options.dist ?? writeFixtureDist(dir);
  const dataFile = storeKind === 'sqlite' ? (options.dataFile ?? path.join(dir, 'talks.sqlite')) : '';
  const redis = storeKind === 'redis' ? await startRedis() : null;
  const logLines: string[] = [];
  const spec: NodeSpec = {
    dist,
    dataFile,
    token: options.token ?? TEST_TOKEN,
    store: storeKind,
    redisUrl: redis?.url,
    log: options.log ?? { info: (line) => logLines.push(line), warn: (line) => logLines.push(line) },
    app: {
      statsIntervalMs: options.statsIntervalMs ?? (options.quickCounters === false ? undefined : 50),
      audienceStatsIntervalMs: options.audienceStatsIntervalMs ?? (options.quickCounters === false ? undefined : 50),
      allowedOrigins: options.allowedOrigins,
      maxMessageBytes: options.maxMessageBytes,
      trustProxy: options.trustProxy,
      sessions: options.sessions,
      tokenGuesses: options.tokenGuesses,
      maxPhonesPerIp: options.maxPhonesPerIp,
      failureReportMs: options.failureReportMs,
      wireHeartbeat: options.wireHeartbeat,
      fanout: options.fanout,
    },
    busyRetryMs: options.busyRetryMs,
    synchronous: options.synchronous,
    backlog: options.backlog,
    probe: options.probe,
    nodeFlags: options.nodeFlags,
    args: options.args,
  };
  const startNode = where === 'child' ? startChildNode : startInProcessNode;
  let nodes: LecternNode[];
  try {
    nodes = await Promise.all(Array.from({ length: count }, () => startNode(spec)));
  } catch (error) {
    await redis?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const sockets = new Set<TestSocket>();
  const open = (node: number, auth: Record<string, unknown>, socketOptions?: SocketOptions) => {
    const socket = openSocket(nodes[node]!.url, auth, socketOptions);
    sockets.add(socket);
    socket.on('disconnect', () => sockets.delete(socket));
    return socket;
  };

  const lectern: Lectern = {
    url: nodes[0]!.url,
    urls: nodes.map((n) => n.url),
    token: spec.token,
    deck: FIXTURE_DECK,
    dir,
    dist,
    dataFile,
    nodes,
    get app() {
      if (!nodes[0]!.app) throw new Error('the app is at hand in process only');
      return nodes[0]!.app;
    },
    get store() {
      if (!nodes[0]!.store) throw new Error('the store is at hand in process only');
      return nodes[0]!.store;
    },
    redis,
    logLines,
    async connect(role, o = {}) {
      const clientId = o.clientId ?? newClientId();
      const auth: Record<string, unknown> = { deck: o.deck ?? FIXTURE_DECK, role, clientId };
      const token = o.token === undefined ? (role === 'presenter' ? spec.token : undefined) : o.token;
      if (token !== null && token !== undefined) auth.token = token;
      return connectClient(open(o.node ?? 0, auth, o), clientId);
    },
    refused: (auth, headers) => refusal(open(0, auth, { headers })),
    async snapshot(node = 0) {
      const presenter = await lectern.connect('presenter', { node });
      presenter.close();
      return presenter.snapshot;
    },
    async state(node = 0) {
      const presenter = await lectern.connect('presenter', { node });
      const reply = await presenter.call('snapshot:get', {});
      presenter.close();
      if (!reply.ok) throw new Error(reply.error);
      const { audience: _audience, ...rest } = reply.snapshot;
      return rest;
    },
    stored: () => readStored(lectern, where),
    async kill(index) {
      await nodes[index]!.kill();
    },
    async restart(index) {
      const old = nodes[index]!;
      await old.kill();
      nodes[index] = await startNode(spec, old.port);
      return nodes[index]!;
    },
    async addNode() {
      const node = await startNode(spec);
      nodes.push(node);
      lectern.urls.push(node.url);
      return node;
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      sockets.clear();
      await Promise.all(nodes.map((node) => node.stop()));
      await redis?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return lectern;
}

async function readStored(lectern: Lectern, where: 'process' | 'child'): Promise<StoredTalk> {
  if (lectern.redis) {
    const store = await openRedisStore(lectern.redis.url);
    try {
      return await store.load(lectern.deck);
    } finally {
      await store.close();
    }
  }
  if (where === 'process') return lectern.store.load(lectern.deck);
  // The child holds the file's lock. Read-write: opening runs the WAL recovery a crash may have left to do.
  const db = new Database(lectern.dataFile);
  try {
    const ballots = db
      .prepare('SELECT poll_id AS pollId, client_id AS clientId, choice FROM ballots WHERE deck = ?')
      .all(lectern.deck) as StoredTalk['ballots'];
    return { seq: 0, slide: null, polls: {}, ballots, ratings: [] };
  } finally {
    db.close();
  }
}

/** SQLite's own check of a data file: `ok`, or the list of what is wrong. */
export function integrityCheck(file: string): string {
  const db = new Database(file);
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check).join('; ');
  } finally {
    db.close();
  }
}
