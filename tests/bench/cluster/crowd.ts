/**
 * Bench child for the many-nodes bench: a share of the room on one node, as lean sockets (`wire.ts`).
 * Notes when each phone hears each slide move, and on `vote` makes its first `voters` phones vote at
 * once, a share of them changing their mind as soon as the first vote is acknowledged.
 */
import { nowMicros, serveRequests } from '../harness/child.ts';
import { openMany, openSocketIo, type LeanSocket } from '../harness/wire.ts';

interface Phone {
  socket: LeanSocket;
  /** Ack callbacks by ack id. */
  pending: Map<number, (reply: { ok: boolean }) => void>;
  nextAck: number;
}

const SLIDE = /^2\["slide",\{"seq":(\d+)/;
const ACK = /^3(\d+)(\[.*)$/s;

let phones: Phone[] = [];
/** seq → when each phone heard it (µs; NaN until it did). */
const heard = new Map<number, { at: Float64Array; count: number }>();

function onPacket(index: number, packet: string): void {
  const phone = phones[index];
  const ack = ACK.exec(packet);
  if (ack && phone) {
    const id = Number(ack[1]);
    const resolve = phone.pending.get(id);
    phone.pending.delete(id);
    resolve?.((JSON.parse(ack[2]!) as [{ ok: boolean }])[0]);
    return;
  }
  const slide = SLIDE.exec(packet);
  if (!slide) return;
  const at = nowMicros();
  const seq = Number(slide[1]);
  let entry = heard.get(seq);
  if (!entry) {
    entry = { at: new Float64Array(phones.length || 1).fill(NaN), count: 0 };
    heard.set(seq, entry);
  }
  if (Number.isNaN(entry.at[index]!)) {
    entry.at[index] = at;
    entry.count += 1;
    if (entry.count === phones.length) process.send!({ type: 'heard', seq });
  }
}

function emitWithAck(phone: Phone, event: string, payload: unknown): Promise<{ ok: boolean }> {
  const id = phone.nextAck++;
  return new Promise((resolve) => {
    phone.pending.set(id, resolve);
    phone.socket.send(`2${id}${JSON.stringify([event, payload])}`);
  });
}

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
      phones = await openMany(count, 50, async (i) => {
        const socket = await openSocketIo(
          origin,
          { deck, role: 'audience', clientId: `${prefix}-${i.toString().padStart(6, '0')}` },
          (packet) => onPacket(i, packet),
        );
        return { socket, pending: new Map(), nextAck: 0 };
      });
      return { opened: phones.length };
    }
    case 'delays': {
      const sentAt = message.sentAt as Record<string, number>;
      const delays: number[] = [];
      let missing = 0;
      for (const [seq, t0] of Object.entries(sentAt)) {
        const entry = heard.get(Number(seq));
        if (!entry) {
          missing += phones.length;
          continue;
        }
        for (const at of entry.at) {
          if (Number.isNaN(at)) missing += 1;
          else delays.push(at - t0);
        }
      }
      return { delays, missing };
    }
    case 'vote': {
      const { pollId, choices, voters, changeShare, seed } = message as unknown as {
        pollId: string;
        choices: number;
        voters: number;
        changeShare: number;
        seed: number;
      };
      const next = random(seed);
      const voting = phones.slice(0, voters);
      const latencies: number[] = [];
      const finalChoice: (number | null)[] = voting.map(() => null);
      let refused = 0;
      const changers = Math.round(voting.length * changeShare);
      const cast = async (phone: Phone, choice: number): Promise<boolean> => {
        const sent = nowMicros();
        const reply = await emitWithAck(phone, 'vote', { pollId, choice });
        latencies.push(nowMicros() - sent);
        if (!reply.ok) refused += 1;
        return reply.ok;
      };
      const firstSend = nowMicros();
      await Promise.all(
        voting.map(async (phone, i) => {
          const first = Math.floor(next() * choices);
          if (await cast(phone, first)) finalChoice[i] = first;
          if (i < changers) {
            const second = (first + 1 + Math.floor(next() * (choices - 1))) % choices;
            if (await cast(phone, second)) finalChoice[i] = second;
          }
        }),
      );
      const lastAck = nowMicros();
      const counts = new Array<number>(choices).fill(0);
      for (const c of finalChoice) if (c !== null) counts[c]! += 1;
      return { firstSend, lastAck, latencies, counts, refused };
    }
    default:
      return { error: `unknown request ${String(message.type)}` };
  }
});
