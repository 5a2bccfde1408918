/**
 * A talk for the stress checks, in either mode the issue asks for: one real server on a SQLite file,
 * or two real nodes on one Redis. Servers are `server/main.ts` children with the probe (lag, memory);
 * each can be killed and started again on its port, where its phones reconnect.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { io, type Socket } from 'socket.io-client';
import { openRedisStore } from '../../../server/store/redis.ts';
import type { StoredTalk } from '../../../server/store/types.ts';
import type { ClientToServerEvents, ServerToClientEvents, Snapshot } from '../../../src/protocol.ts';
import { startRedis, type TestRedis } from '../../helpers/redis.ts';
import { FIXTURE_DECK, writeFixtureDist } from '../../server/fixtureDist.ts';
import { HARDENING_TOKEN, type ServerProcess, startServerProcess } from './serverProcess.ts';

export type StressMode = 'sqlite' | 'redis';
export const MODE_NAMES: Record<StressMode, string> = { sqlite: 'SQLite', redis: 'Redis, 2 nodes' };

type PresenterSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface StressRoom {
  mode: StressMode;
  deck: string;
  dataFile: string;
  servers: ServerProcess[];
  urls(): string[];
  /** A presenter socket on the first server. */
  presenter(): Promise<PresenterSocket>;
  /** The snapshot a fresh presenter connection gets from server `index`. */
  presenterSnapshot(index?: number): Promise<Snapshot>;
  /** SIGKILL server `index` (if still running) and start it again on the same port and store. */
  restart(index: number): Promise<ServerProcess>;
  /** What the store holds, read straight from the SQLite file or from Redis. */
  stored(): Promise<StoredTalk>;
  close(): Promise<void>;
}

export interface StressRoomOptions {
  nodeFlags?: string[];
  args?: string[];
}

export async function startStressRoom(mode: StressMode, options: StressRoomOptions = {}): Promise<StressRoom> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-stress-'));
  const dist = writeFixtureDist(dir);
  const dataFile = path.join(dir, 'talks.sqlite');
  const redis: TestRedis | null = mode === 'redis' ? await startRedis() : null;
  const launch = (port = 0) =>
    startServerProcess({
      dist,
      port,
      nodeFlags: options.nodeFlags,
      args: options.args,
      ...(redis ? { redis: redis.url } : { data: dataFile }),
    });
  const servers = await Promise.all((mode === 'redis' ? [0, 1] : [0]).map(() => launch()));
  const sockets: PresenterSocket[] = [];

  const connectPresenter = (url: string): PresenterSocket => {
    const socket: PresenterSocket = io(url, {
      auth: {
        deck: FIXTURE_DECK,
        role: 'presenter',
        clientId: `presenter-${sockets.length}-0000`,
        token: HARDENING_TOKEN,
      },
      transports: ['websocket'],
      forceNew: true,
    });
    sockets.push(socket);
    return socket;
  };

  return {
    mode,
    deck: FIXTURE_DECK,
    dataFile,
    servers,
    urls: () => servers.map((s) => s.url),
    async presenter() {
      const socket = connectPresenter(servers[0]!.url);
      await new Promise((resolve) => socket.once('snapshot', resolve));
      return socket;
    },
    async presenterSnapshot(index = 0) {
      const socket = connectPresenter(servers[index]!.url);
      const snapshot = await new Promise<Snapshot>((resolve) => socket.once('snapshot', resolve));
      socket.disconnect();
      return snapshot;
    },
    async restart(index) {
      const old = servers[index]!;
      await old.kill();
      servers[index] = await launch(old.port);
      return servers[index]!;
    },
    async stored() {
      if (redis) {
        const store = await openRedisStore(redis.url);
        try {
          return await store.load(FIXTURE_DECK);
        } finally {
          await store.close();
        }
      }
      // Read-write: opening runs the WAL recovery a crash may have left to do.
      const db = new Database(dataFile);
      try {
        const ballots = db
          .prepare('SELECT poll_id AS pollId, client_id AS clientId, choice FROM ballots WHERE deck = ?')
          .all(FIXTURE_DECK) as StoredTalk['ballots'];
        return { seq: 0, slide: null, polls: {}, ballots, ratings: [] };
      } finally {
        db.close();
      }
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      await Promise.all(servers.map((s) => s.stop()));
      await redis?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** SQLite's own check of the file: `ok`, or the list of what is wrong. */
export function integrityCheck(file: string): string {
  const db = new Database(file);
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check).join('; ');
  } finally {
    db.close();
  }
}
