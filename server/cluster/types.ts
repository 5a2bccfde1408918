/**
 * What the app asks of a cluster: several lectern processes serving the same talks, behind a load
 * balancer. Without one (the default) the app is a single server and none of this runs.
 */
import type { ServerOptions } from 'socket.io';
import type { LecternServer, LiveDeck, LiveDeckOptions } from '../live/liveDeck.ts';
import type { RunInfo, StoredTalk } from '../store/types.ts';
import type { TalkManifest } from '../talk/talk.ts';

export interface Cluster {
  /** socket.io settings every node needs: the shared adapter, and the transports phones may use. */
  readonly serverOptions: Partial<ServerOptions>;
  /** One deck's live talk on this node, sharing its changes and counters with the others. */
  createDeck(
    io: LecternServer,
    manifest: TalkManifest,
    stored: StoredTalk,
    run: RunInfo,
    options: LiveDeckOptions,
  ): LiveDeck;
  /** Starts following the other nodes once the sockets are wired; resolves the returned stop when done. */
  attach(io: LecternServer, decks: ReadonlyMap<string, LiveDeck>): () => Promise<void>;
}
