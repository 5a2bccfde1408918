/**
 * What the nodes of a cluster tell each other, through the socket.io adapter's `serverSideEmit`: one
 * message per slide or poll change, never per vote (tallies are read from Redis instead).
 *
 * Each node then sends the change to its own phones itself, with the same fast local fan-out as a
 * single server, in the same turn of the event loop as it updates its talk: a phone connecting at
 * that moment gets either a snapshot that has the change or the delta, never neither.
 */
import type { Server } from 'socket.io';
import { z } from 'zod';
import {
  type ClientToServerEvents,
  POLL_PHASES,
  type ServerToClientEvents,
  type SlidePosition,
} from '../../src/protocol.ts';
import type { LecternServer, SocketData } from '../live/liveDeck.ts';
import type { PollRecord } from '../store/types.ts';

export interface PeerEvents {
  'lectern:slide': (deck: string, seq: number, slide: SlidePosition) => void;
  'lectern:poll': (deck: string, seq: number, pollId: string, record: PollRecord) => void;
}

/** The same server, seen with the events nodes send each other (the app's own type declares none). */
type PeerServer = Server<ClientToServerEvents, ServerToClientEvents, PeerEvents, SocketData>;
const asPeers = (io: LecternServer) => io as unknown as PeerServer;

export interface PeerRelay {
  slide(deck: string, seq: number, slide: SlidePosition): void;
  poll(deck: string, seq: number, pollId: string, record: PollRecord): void;
}

export function peerRelay(io: LecternServer): PeerRelay {
  const peers = asPeers(io);
  return {
    slide: (deck, seq, slide) => peers.serverSideEmit('lectern:slide', deck, seq, slide),
    poll: (deck, seq, pollId, record) => peers.serverSideEmit('lectern:poll', deck, seq, pollId, record),
  };
}

export interface PeerListener {
  slide(deck: string, seq: number, slide: SlidePosition): void;
  poll(deck: string, seq: number, pollId: string, record: PollRecord): void;
}

// Whoever can write to Redis can send these: checked like anything from a phone.
const seqSchema = z.int().positive();
const slideArgs = z.tuple([
  z.string(),
  seqSchema,
  z.object({ h: z.int().min(0), v: z.int().min(0), f: z.int().min(-1) }),
]);
const pollArgs = z.tuple([
  z.string(),
  seqSchema,
  z.string(),
  z.object({ phase: z.enum(POLL_PHASES), showResults: z.boolean(), round: z.int().min(0) }),
]);

/** Hands every well-formed change another node relays to `listener`; anything else is dropped. */
export function listenToPeers(io: LecternServer, listener: PeerListener): () => void {
  const peers = asPeers(io);
  const onSlide = (...args: unknown[]) => {
    const parsed = slideArgs.safeParse(args);
    if (parsed.success) listener.slide(...parsed.data);
  };
  const onPoll = (...args: unknown[]) => {
    const parsed = pollArgs.safeParse(args);
    if (parsed.success) listener.poll(...parsed.data);
  };
  peers.on('lectern:slide', onSlide);
  peers.on('lectern:poll', onPoll);
  return () => {
    peers.off('lectern:slide', onSlide);
    peers.off('lectern:poll', onPoll);
  };
}
