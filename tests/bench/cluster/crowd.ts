/**
 * Bench child for the many-nodes bench: a share of the room on one node, as lean sockets (`wire.ts`).
 * Notes when each phone hears each slide move, and on `vote` makes its first `voters` phones vote at
 * once, a share of them changing their mind as soon as the first vote is acknowledged.
 */

import { answerRequests } from '../../helpers/ipcChild.ts';
import { openLeanPhones, type PhonesRequest } from '../../helpers/wire.ts';
import { nowMicros } from '../harness/child.ts';
import { type AckingSocket, settleAck, type VoteRoundRequest, voteRound } from '../harness/voteRound.ts';

type Phone = AckingSocket;

const SLIDE = /^2\["slide",\{"seq":(\d+)/;

let phones: Phone[] = [];
/** seq → when each phone heard it (µs; NaN until it did). */
const heard = new Map<number, { at: Float64Array; count: number }>();

function onPacket(index: number, packet: string): void {
  const phone = phones[index];
  if (phone && settleAck(phone, packet)) return;
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

answerRequests(async (message) => {
  switch (message.type) {
    case 'open': {
      const sockets = await openLeanPhones(message as unknown as PhonesRequest, onPacket);
      phones = sockets.map((socket) => ({ socket, pending: new Map(), nextAck: 0 }));
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
      const { voters, ...round } = message as unknown as VoteRoundRequest & { voters: number };
      return voteRound(phones.slice(0, voters), round);
    }
    default:
      return { error: `unknown request ${String(message.type)}` };
  }
});
