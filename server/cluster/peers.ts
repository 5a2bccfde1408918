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
  POINTER_MODES,
  POLL_PHASES,
  type PointerPayload,
  REACTIONS,
  type ServerToClientEvents,
  type SlidePosition,
} from '../../src/protocol.ts';
import type { LecternServer, SocketData } from '../live/liveDeck.ts';
import type { PollRecord } from '../store/types.ts';

export interface PeerEvents {
  'lectern:slide': (deck: string, seq: number, slide: SlidePosition) => void;
  'lectern:poll': (deck: string, seq: number, pollId: string, record: PollRecord) => void;
  /** One node's reactions over one window: a few messages a second per node, never one per tap. */
  'lectern:reactions': (deck: string, counts: number[]) => void;
  'lectern:pointer': (deck: string, pointer: PointerPayload) => void;
  'lectern:room': (deck: string, reactions: boolean) => void;
}

/** The same server, seen with the events nodes send each other (the app's own type declares none). */
type PeerServer = Server<ClientToServerEvents, ServerToClientEvents, PeerEvents, SocketData>;
const asPeers = (io: LecternServer) => io as unknown as PeerServer;

export interface PeerRelay {
  slide(deck: string, seq: number, slide: SlidePosition): void;
  poll(deck: string, seq: number, pollId: string, record: PollRecord): void;
  reactions(deck: string, counts: number[]): void;
  pointer(deck: string, pointer: PointerPayload): void;
  room(deck: string, reactions: boolean): void;
}

export function peerRelay(io: LecternServer): PeerRelay {
  const peers = asPeers(io);
  return {
    slide: (deck, seq, slide) => peers.serverSideEmit('lectern:slide', deck, seq, slide),
    poll: (deck, seq, pollId, record) => peers.serverSideEmit('lectern:poll', deck, seq, pollId, record),
    reactions: (deck, counts) => peers.serverSideEmit('lectern:reactions', deck, counts),
    pointer: (deck, pointer) => peers.serverSideEmit('lectern:pointer', deck, pointer),
    room: (deck, reactions) => peers.serverSideEmit('lectern:room', deck, reactions),
  };
}

export interface PeerListener {
  slide(deck: string, seq: number, slide: SlidePosition): void;
  poll(deck: string, seq: number, pollId: string, record: PollRecord): void;
  reactions(deck: string, counts: number[]): void;
  pointer(deck: string, pointer: PointerPayload): void;
  room(deck: string, reactions: boolean): void;
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

const reactionsArgs = z.tuple([z.string(), z.array(z.int().min(0)).length(REACTIONS.length)]);
const unit = z.number().min(0).max(1);
const pointerArgs = z.tuple([
  z.string(),
  z.strictObject({
    h: z.int().min(0),
    v: z.int().min(0),
    mode: z.enum(POINTER_MODES),
    x: unit,
    y: unit,
    stroke: z.int().min(0),
  }),
]);
const roomArgs = z.tuple([z.string(), z.boolean()]);

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
  const onReactions = (...args: unknown[]) => {
    const parsed = reactionsArgs.safeParse(args);
    if (parsed.success) listener.reactions(...parsed.data);
  };
  const onPointer = (...args: unknown[]) => {
    const parsed = pointerArgs.safeParse(args);
    if (parsed.success) listener.pointer(...parsed.data);
  };
  const onRoom = (...args: unknown[]) => {
    const parsed = roomArgs.safeParse(args);
    if (parsed.success) listener.room(...parsed.data);
  };
  peers.on('lectern:slide', onSlide);
  peers.on('lectern:poll', onPoll);
  peers.on('lectern:reactions', onReactions);
  peers.on('lectern:pointer', onPointer);
  peers.on('lectern:room', onRoom);
  return () => {
    peers.off('lectern:slide', onSlide);
    peers.off('lectern:poll', onPoll);
    peers.off('lectern:reactions', onReactions);
    peers.off('lectern:pointer', onPointer);
    peers.off('lectern:room', onRoom);
  };
}
