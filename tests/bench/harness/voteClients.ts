/**
 * Bench child: a share of the voters, as lean sockets (see `wire.ts`). socket.io-client in four
 * processes on two cores left the server half idle: the bench measured the clients. On `vote`, every
 * socket votes at once; a share of them changes its mind as soon as its first vote is acknowledged.
 */
import { nowMicros, serveRequests } from './child.ts';
import { openMany, openSocketIo, type LeanSocket } from './wire.ts';

interface Voter {
  socket: LeanSocket;
  /** Ack callbacks by ack id. */
  pending: Map<number, (reply: { ok: boolean }) => void>;
  nextAck: number;
}

const ACK = /^3(\d+)(\[.*)$/s;

let voters: Voter[] = [];
/** Server→client packets since the round started: events and acks. */
let messages = 0;

/** A small deterministic generator, so a run can be repeated. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

function emitWithAck(voter: Voter, event: string, payload: unknown): Promise<{ ok: boolean }> {
  const id = voter.nextAck++;
  return new Promise((resolve) => {
    voter.pending.set(id, resolve);
    voter.socket.send(`2${id}${JSON.stringify([event, payload])}`);
  });
}

process.on('disconnect', () => process.exit(0));

serveRequests(async (message) => {
  switch (message.type) {
    case 'open': {
      const { origin, deck, count, prefix } = message as unknown as { origin: string; deck: string; count: number; prefix: string };
      voters = await openMany(count, 50, async (i) => {
        const voter: Voter = { socket: undefined as unknown as LeanSocket, pending: new Map(), nextAck: 0 };
        voter.socket = await openSocketIo(
          origin,
          { deck, role: 'audience', clientId: `${prefix}-${i.toString().padStart(6, '0')}` },
          (packet) => {
            messages += 1;
            const ack = ACK.exec(packet);
            if (!ack) return;
            const id = Number(ack[1]);
            const resolve = voter.pending.get(id);
            voter.pending.delete(id);
            resolve?.((JSON.parse(ack[2]!) as [{ ok: boolean }])[0]);
          },
        );
        return voter;
      });
      return { opened: voters.length };
    }
    case 'vote': {
      const { pollId, choices, changeShare, seed } = message as unknown as {
        pollId: string;
        choices: number;
        changeShare: number;
        seed: number;
      };
      const next = random(seed);
      messages = 0;
      const latencies: number[] = [];
      const finalChoice: (number | null)[] = voters.map(() => null);
      let refused = 0;
      const changers = Math.round(voters.length * changeShare);
      const cast = async (voter: Voter, choice: number): Promise<boolean> => {
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
    case 'messages':
      return { messages };
    case 'close':
      for (const v of voters) v.socket.close();
      voters = [];
      return {};
    default:
      return { error: `unknown request ${String(message.type)}` };
  }
});
