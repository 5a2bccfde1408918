/**
 * Bench child: holds a share of the audience of each server under test as lean sockets, and notes
 * when each socket hears each slide change. Tells the runner when all of its sockets of one server
 * heard a given `seq`.
 */

import { answerRequests } from '../../helpers/ipcChild.ts';
import { inBatches, type LeanSocket, openPlainWebSocket, openWire } from '../../helpers/wire.ts';
import { nowMicros } from './child.ts';

type Kind = 'lectern' | 'raw';
const SLIDE = /^2\["slide",\{"seq":(\d+)/;

const sockets: Record<Kind, LeanSocket[]> = { lectern: [], raw: [] };
/** `${kind}:${seq}` → receipt time per socket (µs) */
const heard = new Map<string, { at: Float64Array; count: number }>();

function onSlide(kind: Kind, index: number, packet: string): void {
  const match = SLIDE.exec(packet);
  if (!match) return;
  const at = nowMicros();
  const seq = Number(match[1]);
  const key = `${kind}:${seq}`;
  let entry = heard.get(key);
  if (!entry) {
    entry = { at: new Float64Array(sockets[kind].length).fill(NaN), count: 0 };
    heard.set(key, entry);
  }
  if (Number.isNaN(entry.at[index]!)) {
    entry.at[index] = at;
    entry.count += 1;
    if (entry.count === sockets[kind].length) process.send!({ type: 'complete', kind, seq });
  }
}

process.on('disconnect', () => process.exit(0));

answerRequests(async (message) => {
  switch (message.type) {
    case 'open': {
      const { origin, kind, count, deck, prefix } = message as unknown as {
        origin: string;
        kind: Kind;
        count: number;
        deck: string;
        prefix: string;
      };
      const started = nowMicros();
      const opened: LeanSocket[] = [];
      sockets[kind] = opened;
      await inBatches(count, 50, async (i) => {
        const socket =
          kind === 'raw'
            ? await openPlainWebSocket(origin, (text) => onSlide(kind, i, text.slice(1)))
            : await openWire(origin, {
                mode: 'lean',
                auth: { deck, role: 'audience', clientId: `${prefix}-${i.toString().padStart(6, '0')}` },
                onPacket: (packet) => onSlide(kind, i, packet),
              });
        opened[i] = socket;
        return socket;
      });
      return { opened: opened.length, micros: nowMicros() - started };
    }
    case 'delays': {
      // Delay of every socket for every seq, against the time the runner sent that move.
      const { kind, sentAt } = message as unknown as { kind: Kind; sentAt: Record<string, number> };
      const bySeq: Record<string, number[]> = {};
      let missing = 0;
      for (const [seq, t0] of Object.entries(sentAt)) {
        const delays: number[] = [];
        bySeq[seq] = delays;
        const entry = heard.get(`${kind}:${seq}`);
        if (!entry) {
          missing += sockets[kind].length;
          continue;
        }
        for (const at of entry.at) {
          if (Number.isNaN(at)) missing += 1;
          else delays.push(at - t0);
        }
      }
      return { bySeq, missing };
    }
    case 'close':
      for (const kind of ['lectern', 'raw'] as const) {
        for (const s of sockets[kind]) s.close();
        sockets[kind] = [];
      }
      heard.clear();
      return {};
    default:
      return { error: `unknown request ${String(message.type)}` };
  }
});
