/**
 * One hostile phone: votes as fast as it is told (1,000 a second), and whenever the server closes it
 * for flooding, reconnects with the same id at once and goes on.
 */
import { Wire } from '../../helpers/wire.ts';

export interface FloodOptions {
  url: string;
  deck: string;
  clientId: string;
  pollId: string;
  perSecond: number;
  durationMs: number;
}

export interface FloodResult {
  sent: number;
  accepted: number;
  rateLimited: number;
  /** Votes sent on a connection that closed before answering them. */
  unanswered: number;
  /** Times the server closed the flooder's connection. */
  closedByServer: number;
}

const TICK_MS = 10;

export async function flood(options: FloodOptions): Promise<FloodResult> {
  const result: FloodResult = { sent: 0, accepted: 0, rateLimited: 0, unanswered: 0, closedByServer: 0 };
  const open = () =>
    new Wire(options.url, {
      mode: 'reconnecting',
      auth: { deck: options.deck, role: 'audience', clientId: options.clientId },
      reconnect: false,
    });
  let phone = open();
  await phone.open();
  const end = Date.now() + options.durationMs;
  const perTick = Math.max(1, Math.round((options.perSecond * TICK_MS) / 1000));
  let reconnecting = false;
  const replies: Promise<void>[] = [];

  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (Date.now() >= end) {
        clearInterval(timer);
        return resolve();
      }
      if (!phone.connected) {
        if (reconnecting) return;
        reconnecting = true;
        result.closedByServer += 1;
        phone = open();
        void phone.open().finally(() => (reconnecting = false));
        return;
      }
      for (let i = 0; i < perTick; i++) {
        result.sent += 1;
        replies.push(
          phone.emit('vote', { pollId: options.pollId, choice: result.sent % 3 }).then((reply) => {
            if (reply === null) result.unanswered += 1;
            else if (reply.ok) result.accepted += 1;
            else if (reply.error === 'rate-limited') result.rateLimited += 1;
          }),
        );
      }
    }, TICK_MS);
  });
  phone.close();
  await Promise.all(replies);
  return result;
}
