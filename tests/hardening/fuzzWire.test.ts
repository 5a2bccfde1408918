/**
 * Hardening check 6 (fuzzing), over the wire: a sample of the in-process fuzz sent by real sockets as raw socket.io
 * packets (JSON only, as a browser would), and the same sample as frames of the plain phone wire
 * (`/live`). Every ack is a validation refusal or an allowed read; the talk is exactly as before, and
 * the server still serves.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientEventName } from '../../src/protocol.ts';
import { type Lectern, startLectern } from '../helpers/lectern.ts';
import { openPhoneWire, openWire, type Wire } from '../helpers/wire.ts';
import { maySucceed, VALIDATION_ERRORS } from './harness/contract.ts';
import { count, recordFigure } from './harness/figures.ts';
import { CLIENT_EVENTS } from './harness/inProcessTalk.ts';
import { argsFor } from './harness/payloads.ts';

const PAYLOADS = 2000;
/** Under the audience burst of 10, so the rate limit never answers for the validator. */
const PER_SOCKET = 8;

let server: Lectern;
beforeAll(async () => {
  server = await startLectern();
  const presenter = await server.connect('presenter');
  await presenter.call('poll:open', { pollId: 'q1' });
  presenter.close();
});
afterAll(async () => {
  await server?.close();
});

/** What a browser could send: JSON text. Values JSON cannot carry (BigInt) are left out of the sample. */
function asJson(value: unknown[]): string | null {
  try {
    return JSON.stringify(value);
  } catch {
    return null;
  }
}

type Packet = { event: string; json: string; args: unknown[] };

function samplePackets(): Packet[] {
  const phases = new Map([
    ['q1', 'open' as const],
    ['q2', 'closed' as const],
  ]);
  const known = fc.constantFrom(...CLIENT_EVENTS).chain((event) => argsFor(event).map((args) => ({ event, args })));
  const unknown = fc.record({
    event: fc.string({ maxLength: 20 }),
    args: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 2 }),
  });
  const packets: Packet[] = [];
  for (const { event, args } of fc.sample(
    fc.oneof({ weight: 9, arbitrary: known }, { weight: 1, arbitrary: unknown }),
    {
      numRuns: PAYLOADS * 2,
      seed: 20261124,
    },
  )) {
    const json = asJson([event, ...args]);
    if (json === null) continue;
    const wire = JSON.parse(json) as unknown[];
    // A valid vote, rating, question or "lost me" would rightly change the talk; this sample is about what must not.
    const changes = ['vote', 'rate', 'question:ask', 'question:upvote', 'lost:set'].includes(event);
    if (changes && maySucceed(event as ClientEventName, wire[1], 'audience', phases)) continue;
    packets.push({ event, json, args: wire.slice(1) });
    if (packets.length === PAYLOADS) break;
  }
  return packets;
}

/** Each reply must be a refusal the validator gives, `unknown-event`, or an allowed read. */
function expectRefusalsOnly(replies: { packet: Packet; reply: { ok: boolean; error?: string } }[]): void {
  for (const { packet, reply } of replies) {
    const what = `${packet.json.slice(0, 120)} → ${JSON.stringify(reply).slice(0, 80)}`;
    if (reply.ok) {
      expect(maySucceed(packet.event as ClientEventName, packet.args[0], 'audience', new Map()), what).toBe(true);
    } else if (CLIENT_EVENTS.includes(packet.event as ClientEventName)) {
      expect(VALIDATION_ERRORS.has(reply.error as never), what).toBe(true);
    } else {
      expect(reply.error, what).toBe('unknown-event');
    }
  }
}

describe(`fuzzing over the wire (${PAYLOADS.toLocaleString('en')} packets)`, () => {
  it('answers each with a refusal or an allowed read, and the talk is unchanged', async () => {
    const before = await server.state();
    const packets = samplePackets();
    expect(packets.length).toBe(PAYLOADS);
    const replies: { packet: Packet; reply: { ok: boolean; error?: string } }[] = [];

    for (let start = 0; start < packets.length; start += PER_SOCKET) {
      const batch = packets.slice(start, start + PER_SOCKET);
      const raw: Wire = await openWire(server.url, {
        mode: 'raw',
        auth: {
          deck: server.deck,
          role: 'audience',
          clientId: `wire-fuzz-${start.toString().padStart(6, '0')}`,
        },
      });
      batch.forEach((packet, id) => raw.frame(`42${id}${packet.json}`));
      await raw.until((frames) => frames.filter((f) => f.startsWith('43')).length === batch.length);
      for (const frame of raw.frames.filter((f) => f.startsWith('43'))) {
        const id = Number(/^43(\d+)/.exec(frame)![1]);
        const [reply] = JSON.parse(frame.replace(/^43\d+/, '')) as [{ ok: boolean; error?: string }];
        replies.push({ packet: batch[id]!, reply });
      }
      raw.close();
    }

    expectRefusalsOnly(replies);
    expect(await server.state()).toEqual(before);
    const phone = await server.connect('audience');
    expect(await phone.call('vote', { pollId: 'q1', choice: 2 })).toEqual({ ok: true, pollId: 'q1', choice: 2 });
    recordFigure({
      item: '6. Fuzzing',
      mode: 'over the wire',
      rule: 'random packets from real sockets: validation errors only, state unchanged, server alive',
      measured: `${count(replies.length)} packets on ${count(Math.ceil(PAYLOADS / PER_SOCKET))} sockets: ${count(replies.filter((r) => !r.reply.ok).length)} refused, ${count(replies.filter((r) => r.reply.ok).length)} allowed reads; talk unchanged; server answers`,
      pass: true,
    });
  });

  it('on the plain phone wire: the same packets as frames, each refused or an allowed read, the talk unchanged', async () => {
    const before = await server.state();
    const packets = samplePackets();
    const replies: { packet: Packet; reply: { ok: boolean; error?: string } }[] = [];
    for (let start = 0; start < packets.length; start += PER_SOCKET) {
      const batch = packets.slice(start, start + PER_SOCKET);
      const phone = await openPhoneWire(server.url, {
        deck: server.deck,
        clientId: `phone-fuzz-${start.toString().padStart(6, '0')}`,
      });
      // One payload a frame: a frame's third item is its ack id.
      const answers = await Promise.all(
        batch.map((packet) => phone.request(packet.event, packet.args[0]).then((reply) => ({ packet, reply }))),
      );
      for (const { packet, reply } of answers) {
        expect(reply, packet.json.slice(0, 120)).not.toBeNull();
        replies.push({ packet, reply: reply! });
      }
      phone.close();
    }
    expectRefusalsOnly(replies);
    expect(replies).toHaveLength(PAYLOADS);
    expect(await server.state()).toEqual(before);
    expect(server.app.rejections.totals()['malformed-packet'] ?? 0).toBe(0);
    recordFigure({
      item: '6. Fuzzing',
      mode: 'over the phone wire',
      rule: 'random frames from real phones on /live: validation errors only, state unchanged, server alive',
      measured: `${count(replies.length)} frames on ${count(Math.ceil(PAYLOADS / PER_SOCKET))} phones: ${count(replies.filter((r) => !r.reply.ok).length)} refused, ${count(replies.filter((r) => r.reply.ok).length)} allowed reads; talk unchanged`,
      pass: true,
    });
  });
});
