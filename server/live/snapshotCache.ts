/**
 * The snapshot a joining phone gets first, encoded once for all the phones that see the same thing.
 * While a crowd joins, its phones have cast nothing yet and so see one and the same talk, the phone
 * count apart: that snapshot is encoded once per change phones can see (the deck's `phoneView`
 * version), in two halves around the count, rather than built and encoded per socket. A phone with
 * state of its own (one that comes back) gets its own snapshot, as the speaker's pages do.
 */
import type { LecternSocket, LiveDeck } from './liveDeck.ts';
import type { LivePeer } from './peer.ts';
import { WirePhone } from './phoneWire/wirePhone.ts';

interface Encoded {
  /** The deck's `phoneView` version it was encoded at. */
  version: number;
  /** The engine.io message, split where the phone count goes. */
  before: string;
  after: string;
  /** The same for the phone wire: the JSON alone, without socket.io's `2`. */
  wireBefore: string;
}

const COUNT_SLOT = '"audience":-1';
const encoded = new WeakMap<LiveDeck, Encoded>();

function encode(live: LiveDeck, clientId: string): Encoded | null {
  const snapshot = { ...live.talk.snapshot('audience', clientId), audience: -1 };
  // A socket.io event on the default namespace, as socket.io itself encodes it (`2` + JSON).
  const parts = `2${JSON.stringify(['snapshot', snapshot])}`.split(COUNT_SLOT);
  if (parts.length !== 2) return null;
  return { version: live.phoneView, before: parts[0]!, after: parts[1]!, wireBefore: parts[0]!.slice(1) };
}

/**
 * Sends the socket (or the phone on the wire) its snapshot: the shared encoding for a phone without
 * state of its own, its own otherwise.
 */
export function sendSnapshot(socket: LivePeer, live: LiveDeck): void {
  const { talk } = live;
  const { role, clientId } = socket.data;
  if (role !== 'audience' || talk.hasOwnState(clientId)) {
    socket.emit('snapshot', talk.snapshot(role, clientId));
    return;
  }
  let entry = encoded.get(live);
  if (entry?.version !== live.phoneView) {
    entry = encode(live, clientId) ?? undefined;
    if (!entry) {
      socket.emit('snapshot', talk.snapshot(role, clientId));
      return;
    }
    encoded.set(live, entry);
  }
  const count = `"audience":${talk.audience}`;
  if (socket instanceof WirePhone) socket.sendFrame(`${entry.wireBefore}${count}${entry.after}`);
  // engine.io's public write: the same queue socket.io's own packets go through, so order holds.
  else (socket as LecternSocket).conn.write(`${entry.before}${count}${entry.after}`);
}
