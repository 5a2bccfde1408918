/**
 * Child process: a crowd of phones (reconnecting wires, see `tests/helpers/wire.ts`) driven by the test over IPC. It opens
 * them, has them vote (and can SIGKILL the server the moment enough votes are acknowledged, so
 * more are in flight), votes at a steady pace while measuring acks, reports what each phone last
 * saw, floods, and churns connections.
 */

import { answerRequests } from '../../helpers/ipcChild.ts';
import { inBatches, type SnapshotSeen, Wire } from '../../helpers/wire.ts';
import { type FloodOptions, flood } from './flooder.ts';

let phones: Wire[] = [];

/** A phone of the audience, reconnecting (or not) as the phone page does. */
function phone(url: string, deck: string, clientId: string, reconnect: boolean): Wire {
  return new Wire(url, { mode: 'reconnecting', auth: { deck, role: 'audience', clientId }, reconnect });
}

/** One phone's votes in order: what it sent and whether the server acknowledged it (null: no answer). */
export interface VoteRecord {
  clientId: string;
  sends: { pollId: string; choice: number; ok: boolean | null }[];
}

export interface PhoneView {
  clientId: string;
  connected: boolean;
  connects: number;
  refused: string | null;
  snapshot: SnapshotSeen | null;
}

async function open(m: {
  urls: string[];
  deck: string;
  prefix: string;
  count: number;
  parallel?: number;
  reconnect?: boolean;
}) {
  const opened = await inBatches(m.count, m.parallel ?? 50, (i) =>
    phone(m.urls[i % m.urls.length]!, m.deck, `${m.prefix}-${String(i).padStart(6, '0')}`, m.reconnect ?? true).open(),
  );
  phones.push(...opened);
  return { opened: opened.filter((p) => p.connected).length, refused: opened.filter((p) => p.refused).length };
}

/** Each phone votes `rounds` times in turn over `pollIds`, waiting for each ack; optionally kills a PID midway. */
async function vote(m: { pollIds: string[]; choices: number; rounds: number; killPid?: number; killAtAcks?: number }) {
  let acked = 0;
  let killed = false;
  const records: VoteRecord[] = await Promise.all(
    phones.map(async (phone, index) => {
      const record: VoteRecord = { clientId: phone.clientId, sends: [] };
      for (let round = 0; round < m.rounds; round++) {
        const pollId = m.pollIds[round % m.pollIds.length]!;
        const choice = (index + round * 7) % m.choices;
        const send: VoteRecord['sends'][number] = { pollId, choice, ok: null };
        record.sends.push(send);
        const reply = await phone.emit('vote', { pollId, choice });
        if (reply === null) break;
        send.ok = reply.ok;
        if (reply.ok) acked += 1;
        if (!killed && m.killPid !== undefined && acked >= (m.killAtAcks ?? Infinity)) {
          killed = true;
          process.kill(m.killPid, 'SIGKILL');
        }
      }
      return record;
    }),
  );
  return { records, acked, killed };
}

/** Every phone votes once per `intervalMs` (phases spread out) for `durationMs`; ack latencies in ms. */
async function steady(m: { pollId: string; choices: number; intervalMs: number; durationMs: number }) {
  const latencies: number[] = [];
  let refused = 0;
  let unanswered = 0;
  const end = Date.now() + m.durationMs;
  await Promise.all(
    phones.map(async (phone, index) => {
      await new Promise((resolve) => setTimeout(resolve, (index / phones.length) * m.intervalMs));
      for (let round = 0; Date.now() < end; round++) {
        const sent = performance.now();
        const reply = await phone.emit('vote', { pollId: m.pollId, choice: (index + round) % m.choices });
        if (reply === null) unanswered += 1;
        else if (reply.ok) latencies.push(performance.now() - sent);
        else refused += 1;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, m.intervalMs - (performance.now() - sent))));
      }
    }),
  );
  return { latencies, refused, unanswered };
}

/** Opens and drops `cycles` connections, `parallel` at a time, each a new phone id. */
async function churn(m: { url: string; deck: string; prefix: string; cycles: number; parallel: number }) {
  const started = Date.now();
  let refused = 0;
  await inBatches(m.cycles, m.parallel, async (i) => {
    const opened = await phone(m.url, m.deck, `${m.prefix}-${String(i).padStart(7, '0')}`, false).open();
    if (opened.refused) refused += 1;
    opened.close();
  });
  return { cycles: m.cycles, refused, ms: Date.now() - started };
}

answerRequests(async (message) => {
  const m = message as never;
  switch (message.type) {
    case 'open':
      return open(m);
    case 'vote':
      return vote(m);
    case 'steady':
      return steady(m);
    case 'views':
      return {
        views: phones.map(
          (p): PhoneView => ({
            clientId: p.clientId,
            connected: p.connected,
            connects: p.connects,
            refused: p.refused,
            snapshot: p.snapshot,
          }),
        ),
      };
    case 'flood':
      return flood(m as FloodOptions);
    case 'churn':
      return churn(m);
    case 'close':
      for (const phone of phones) phone.close();
      phones = [];
      return {};
    default:
      throw new Error(`unknown request ${message.type}`);
  }
});
