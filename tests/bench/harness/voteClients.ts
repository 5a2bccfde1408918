/**
 * Bench child: a share of the voters, as real socket.io-client sockets (what the phone page uses).
 * On `vote`, every socket votes at once; a fraction then changes its mind as soon as its first vote
 * is acknowledged.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../src/protocol.ts';
import { nowMicros, serveRequests } from './child.ts';
import { openMany } from './wire.ts';

type VoterSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let voters: VoterSocket[] = [];
/** Server→client messages since the round started: events and acks. */
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

process.on('disconnect', () => process.exit(0));

serveRequests(async (message) => {
  switch (message.type) {
    case 'open': {
      const { origin, deck, count, prefix } = message as unknown as { origin: string; deck: string; count: number; prefix: string };
      voters = await openMany(count, 25, (i) => {
        const socket: VoterSocket = io(origin, {
          auth: { deck, role: 'audience', clientId: `${prefix}-${i.toString().padStart(6, '0')}` },
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
        });
        socket.onAny(() => (messages += 1));
        return new Promise<VoterSocket>((resolve, reject) => {
          socket.once('snapshot', () => resolve(socket));
          socket.once('connect_error', reject);
        });
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
      const cast = async (socket: VoterSocket, choice: number): Promise<boolean> => {
        const sent = nowMicros();
        const reply = await socket.timeout(60_000).emitWithAck('vote', { pollId, choice });
        latencies.push(nowMicros() - sent);
        messages += 1;
        if (!reply.ok) refused += 1;
        return reply.ok;
      };
      const firstSend = nowMicros();
      await Promise.all(
        voters.map(async (socket, i) => {
          const first = Math.floor(next() * choices);
          if (await cast(socket, first)) finalChoice[i] = first;
          if (i < changers) {
            const second = (first + 1 + Math.floor(next() * (choices - 1))) % choices;
            if (await cast(socket, second)) finalChoice[i] = second;
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
      for (const v of voters) v.disconnect();
      voters = [];
      return {};
    default:
      return { error: `unknown request ${String(message.type)}` };
  }
});
