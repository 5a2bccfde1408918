/**
 * Any node can serve any phone: before a phone's snapshot is built, the node reads that phone's own
 * ballots and rating from Redis (one small script), since they may have been cast through another node.
 *
 * Registered after the app's handshake check, so `socket.data` is set; runs before `connection`,
 * where the snapshot is sent. If Redis cannot answer, the phone still gets in, with this node's view.
 */
import type { LecternServer } from '../live/liveDeck.ts';
import type { RedisClient } from '../store/redis/connection.ts';
import { readClientView } from '../store/redis/reads.ts';
import { readRoomClientView } from '../store/redis/room.ts';
import type { ClusterDeck } from './clusterDeck.ts';

export function readClientViewsOnConnect(
  io: LecternServer,
  decks: ReadonlyMap<string, ClusterDeck>,
  client: RedisClient,
): void {
  io.use((socket, next) => {
    const { deck, role, clientId } = socket.data;
    const live = decks.get(deck);
    if (!live || role !== 'audience') return next();
    const pollIds = live.talk.quizzes.map((quiz) => quiz.id);
    Promise.all([
      readClientView(client, deck, clientId, pollIds).then((view) => {
        // Before the first read of the shared counters, the node's own tallies are what phones see.
        if (live.talk.useClientView(clientId, view)) live.phoneViewChanged();
      }),
      readRoomClientView(client, deck, clientId).then((view) => live.talk.useRoomClientView(clientId, view)),
    ])
      .catch(() => {})
      .then(() => next());
  });
}
