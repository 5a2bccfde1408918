/**
 * Bench child: a share of the room as lean sockets, which react (no ack, as the phone page sends
 * them) at a steady rate, and note when each hears each pointer position (by its `stroke` number).
 */
import { answerRequests } from '../../helpers/ipcChild.ts';
import { type LeanSocket, openLeanPhones, type PhonesRequest } from '../../helpers/wire.ts';
import { nowMicros } from './child.ts';

const POINTER = /^2\["pointer",\{.*"stroke":(\d+)/;
let sockets: LeanSocket[] = [];
/** stroke → receipt times (µs), one per socket. */
const heard = new Map<number, number[]>();

answerRequests(async (message) => {
  switch (message.type) {
    case 'open': {
      sockets = await openLeanPhones(message as unknown as PhonesRequest, (_index, packet) => {
        const match = POINTER.exec(packet);
        if (!match) return;
        const stroke = Number(match[1]);
        const times = heard.get(stroke);
        if (times) times.push(nowMicros());
        else heard.set(stroke, [nowMicros()]);
      });
      return { opened: sockets.length };
    }
    case 'react': {
      // Each socket taps `perSecond` times a second for `seconds`, spread evenly over the interval.
      const { perSecond, seconds } = message as unknown as { perSecond: number; seconds: number };
      const interval = 1000 / perSecond;
      const end = Date.now() + seconds * 1000;
      let sent = 0;
      await new Promise<void>((resolve) => {
        const slots = 20;
        let slot = 0;
        const timer = setInterval(() => {
          if (Date.now() >= end) {
            clearInterval(timer);
            resolve();
            return;
          }
          // One twentieth of the sockets per tick: every socket once per interval.
          for (let i = slot; i < sockets.length; i += slots) {
            sockets[i]!.send(`2["react",{"reaction":${(i + sent) % 5}}]`);
            sent += 1;
          }
          slot = (slot + 1) % slots;
        }, interval / slots);
      });
      return { sent };
    }
    case 'pointers':
      return { heard: [...heard] };
    case 'close':
      for (const socket of sockets) socket.close();
      sockets = [];
      return { closed: true };
    default:
      return { error: `unknown request ${String(message.type)}` };
  }
});
