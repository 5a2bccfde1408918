/**
 * The snapshot a joining phone gets first, encoded once for all the phones that see the same thing.
 * While a crowd joins, its phones have cast nothing yet and so see one and the same talk, the phone
 * count apart: that snapshot is encoded once per change of the talk, in two halves around the count,
 * rather than built and encoded per socket. A phone with a ballot or a rating of its own (one that
 * comes back) gets its own snapshot, as the speaker's pages do.
 */
import type { Talk } from '../talk/talk.ts';
import type { LecternSocket } from './liveDeck.ts';

interface Encoded {
  /** What the shared snapshot depends on, besides the count. */
  key: string;
  /** The engine.io message, split where the phone count goes. */
  before: string;
  after: string;
}

const COUNT_SLOT = '"audience":-1';
const encoded = new WeakMap<Talk, Encoded>();

function hasOwnState(talk: Talk, clientId: string): boolean {
  if (talk.scoreOf(clientId) !== null || talk.quizzes.some((quiz) => talk.ballotOf(quiz.id, clientId) !== null)) {
    return true;
  }
  // What the room said back: its own questions, upvotes and "lost me".
  return (
    talk.questions.yourQuestions(clientId).length > 0 ||
    talk.questions.yourUpvotes(clientId).length > 0 ||
    talk.lostMe.slidesOf(clientId).length > 0
  );
}

/** Everything a phone without ballots sees, the count apart. */
function sharedViewKey(talk: Talk): string {
  const stats = talk.stats('audience');
  return JSON.stringify([
    talk.seq,
    talk.slide,
    talk.quizzes.map((quiz) => talk.record(quiz.id)),
    stats.rating,
    stats.tallies,
    talk.run?.id,
    talk.roomSettings,
    talk.questions.board('audience'),
  ]);
}

function encode(talk: Talk, clientId: string, key: string): Encoded | null {
  const snapshot = { ...talk.snapshot('audience', clientId), audience: -1 };
  // A socket.io event on the default namespace, as socket.io itself encodes it (`2` + JSON).
  const parts = `2${JSON.stringify(['snapshot', snapshot])}`.split(COUNT_SLOT);
  return parts.length === 2 ? { key, before: parts[0]!, after: parts[1]! } : null;
}

/** Sends the socket its snapshot: the shared encoding for a phone without ballots, its own otherwise. */
export function sendSnapshot(socket: LecternSocket, talk: Talk): void {
  const { role, clientId } = socket.data;
  if (role !== 'audience' || hasOwnState(talk, clientId)) {
    socket.emit('snapshot', talk.snapshot(role, clientId));
    return;
  }
  const key = sharedViewKey(talk);
  let entry = encoded.get(talk);
  if (entry?.key !== key) {
    entry = encode(talk, clientId, key) ?? undefined;
    if (!entry) {
      socket.emit('snapshot', talk.snapshot(role, clientId));
      return;
    }
    encoded.set(talk, entry);
  }
  // engine.io's public write: the same queue socket.io's own packets go through, so order holds.
  socket.conn.write(`${entry.before}"audience":${talk.audience}${entry.after}`);
}
