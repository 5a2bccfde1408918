/**
 * Many nodes through one Redis: `npm start -- --redis redis://…` (or `REDIS_URL`) on each process.
 *
 * - State: the Redis store, so every node reads and writes the same talk, atomically.
 * - Between nodes: socket.io's Redis Streams adapter. It carries the slide and poll changes nodes
 *   relay to each other (`peers.ts`) and any room broadcast; it is the adapter that keeps socket.io's
 *   connection-state recovery working, should it be turned on, which the pub/sub adapter does not.
 * - Counters: read from Redis by each node a few times a second (`sharedCounters.ts`).
 * - Transport: WebSocket only. A phone's whole session is one TCP connection, so the load balancer
 *   needs no sticky sessions; long-polling would spread one session's requests over several nodes.
 */

import crypto from 'node:crypto';
import os from 'node:os';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from '../log.ts';
import { closeRedis } from '../store/redis/connection.ts';
import { openRedisStore, type RedisTalkStore } from '../store/redis.ts';
import { readClientViewsOnConnect } from './clientViews.ts';
import { ClusterDeck } from './clusterDeck.ts';
import { ClusterTalk } from './clusterTalk.ts';
import { listenToPeers, peerRelay } from './peers.ts';
import { startSharedCounters } from './sharedCounters.ts';
import type { Cluster } from './types.ts';

export interface RedisClusterOptions {
  /** @defaultValue silent */
  log?: Logger;
  /** This process's name in Redis (its audience count is kept under it). @defaultValue `<host>-<pid>-<random>` */
  nodeId?: string;
  /** Time between two reads of the shared counters. @defaultValue 250 */
  countersIntervalMs?: number;
}

export interface RedisCluster {
  store: RedisTalkStore;
  cluster: Cluster;
  nodeId: string;
  /** Closes the store and the adapter's connection; call after the app closed. */
  close(): Promise<void>;
}

export async function openRedisCluster(url: string, options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const { log } = options;
  const nodeId = options.nodeId ?? `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
  const store = await openRedisStore(url, { log });

  // Unlike the store's, this connection queues commands while Redis is away: the adapter's stream
  // reader would otherwise spin on instant failures until Redis is back. The store's connection logs the outage.
  const adapterClient = store.client.duplicate({ disableOfflineQueue: false });
  adapterClient.on('error', () => {});
  try {
    await adapterClient.connect();
  } catch (error) {
    await store.close();
    throw error;
  }
  const adapter = createAdapter(adapterClient, { streamName: 'lectern:socket.io', channelPrefix: 'lectern:socket.io' });

  const cluster: Cluster = {
    serverOptions: { adapter, transports: ['websocket'] },

    createDeck(io, manifest, stored, run, deckOptions) {
      return new ClusterDeck(io, new ClusterTalk(manifest, stored, run), deckOptions, peerRelay(io));
    },

    attach(io, decks) {
      const clusterDecks = new Map<string, ClusterDeck>();
      for (const [id, live] of decks) if (live instanceof ClusterDeck) clusterDecks.set(id, live);
      readClientViewsOnConnect(io, clusterDecks, store.client);
      const unlisten = listenToPeers(io, {
        slide: (deck, seq, slide) => clusterDecks.get(deck)?.followSlide(seq, slide),
        poll: (deck, seq, pollId, record) => clusterDecks.get(deck)?.followPoll(seq, pollId, record),
        reactions: (deck, counts) => clusterDecks.get(deck)?.followReactions(counts),
        pointer: (deck, pointer) => clusterDecks.get(deck)?.followPointer(pointer),
        room: (deck, reactions) => clusterDecks.get(deck)?.followRoom(reactions),
      });
      const loops = [...clusterDecks.values()].map((live) => {
        const loop = startSharedCounters(live, store.client, { nodeId, intervalMs: options.countersIntervalMs, log });
        live.refreshShared = loop.refresh;
        return loop;
      });
      return async () => {
        unlisten();
        await Promise.all(loops.map((loop) => loop.stop()));
      };
    },
  };

  return {
    store,
    cluster,
    nodeId,
    async close() {
      await store.close();
      await closeRedis(adapterClient);
    },
  };
}
