/**
 * One round of votes from lean sockets, shared by the bench children: every socket votes at once, and
 * a share of them changes its mind as soon as its first vote is acknowledged.
 */
import { seededRandom } from '../../helpers/random.ts';
import type { LeanSocket } from '../../helpers/wire.ts';
import { nowMicros } from './child.ts';

/** A lean socket with socket.io acks matched by id. */
export interface AckingSocket {
  socket: LeanSocket;
  /** Ack callbacks by ack id. */
  pending: Map<number, (reply: { ok: boolean }) => void>;
  nextAck: number;
}

export interface VoteRoundRequest {
  pollId: string;
  choices: number;
  /** Share of the voters who vote a second time, for another choice. */
  changeShare: number;
  seed: number;
}

export interface VoteRoundResult {
  firstSend: number;
  lastAck: number;
  /** Microseconds from send to ack, one per vote. */
  latencies: number[];
  /** The acknowledged final ballot of each voter, counted per choice. */
  counts: number[];
  refused: number;
}

const ACK = /^3(\d+)(\[.*)$/s;

export function emitWithAck(target: AckingSocket, event: string, payload: unknown): Promise<{ ok: boolean }> {
  const id = target.nextAck++;
  return new Promise((resolve) => {
    target.pending.set(id, resolve);
    target.socket.send(`2${id}${JSON.stringify([event, payload])}`);
  });
}

/** Resolves the pending ack a server packet answers; false when the packet is not an ack. */
export function settleAck(target: AckingSocket, packet: string): boolean {
  const ack = ACK.exec(packet);
  if (!ack) return false;
  const id = Number(ack[1]);
  const resolve = target.pending.get(id);
  target.pending.delete(id);
  resolve?.((JSON.parse(ack[2]!) as [{ ok: boolean }])[0]);
  return true;
}

export async function voteRound(voters: AckingSocket[], request: VoteRoundRequest): Promise<VoteRoundResult> {
  const { pollId, choices, changeShare, seed } = request;
  const next = seededRandom(seed);
  const latencies: number[] = [];
  const finalChoice: (number | null)[] = voters.map(() => null);
  let refused = 0;
  const changers = Math.round(voters.length * changeShare);
  const cast = async (voter: AckingSocket, choice: number): Promise<boolean> => {
    const sent = nowMicros();
    const reply = await emitWithAck(voter, 'vote', { pollId, choice });
    latencies.push(nowMicros() - sent);
    if (!reply.ok) refused += 1;
    return reply.ok;
  };
  const firstSend = nowMicros();
  await Promise.all(
    voters.map(async (voter, i) => {
      const first = Math.floor(next() * choices);
      if (await cast(voter, first)) finalChoice[i] = first;
      if (i < changers) {
        const second = (first + 1 + Math.floor(next() * (choices - 1))) % choices;
        if (await cast(voter, second)) finalChoice[i] = second;
      }
    }),
  );
  const lastAck = nowMicros();
  const counts = new Array<number>(choices).fill(0);
  for (const c of finalChoice) if (c !== null) counts[c]! += 1;
  return { firstSend, lastAck, latencies, counts, refused };
}
