/**
 * The phone wire's frames (docs/protocol.md, "The phone wire"): JSON arrays in WebSocket text frames.
 * Reading a phone's frame and writing the server's, nothing else.
 */

/** What a phone's text frame says, once read. */
export type InboundFrame =
  | { kind: 'pong' }
  | {
      kind: 'event';
      event: string;
      payload: unknown;
      /** The phone wants `["ack", ackId, reply]` back; null when it does not. */
      ackId: number | null;
    };

/** Largest ack id a phone may use: any 31-bit integer, so it never loses precision or goes negative. */
const MAX_ACK_ID = 2 ** 31 - 1;

/**
 * `["event", payload]`, `["event", payload, ackId]` or `["pong"]`; null for anything else (not JSON,
 * not an array, no event name first, more than three items, an ack id that is not an integer in
 * 0..2^31-1). What the payload holds is the dispatcher's to check, as for socket.io.
 */
export function readFrame(text: string): InboundFrame | null {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(frame) || frame.length === 0 || frame.length > 3 || typeof frame[0] !== 'string') return null;
  if (frame.length === 1 && frame[0] === 'pong') return { kind: 'pong' };
  if (frame.length < 3) return { kind: 'event', event: frame[0], payload: frame[1], ackId: null };
  const ackId: unknown = frame[2];
  if (typeof ackId !== 'number' || !Number.isInteger(ackId) || ackId < 0 || ackId > MAX_ACK_ID) return null;
  return { kind: 'event', event: frame[0], payload: frame[1], ackId };
}

/** `["event", payload]` as the bytes of one text frame, encoded once for every phone it goes to. */
export function encodeEvent(event: string, payload: unknown): Buffer {
  return Buffer.from(JSON.stringify([event, payload]));
}

/** `["ack", id, reply]`. */
export function encodeAck(ackId: number, reply: unknown): string {
  return JSON.stringify(['ack', ackId, reply]);
}

/** `["ping"]`, the same bytes for every phone. */
export const PING_FRAME = Buffer.from('["ping"]');
