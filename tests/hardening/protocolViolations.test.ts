/**
 * The wire: a client that breaks the engine.io or socket.io protocol loses its session, and
 * nothing else changes. Frames that are well formed and harmless where they arrive (a keep-alive
 * `noop`, an extra `pong`, an ack nobody asked for) are let through, as engine.io and socket.io do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { count, recordFigure } from './harness/figures.ts';
import { openPollingSession } from './harness/polling.ts';
import { openRawEngine } from './harness/rawEngine.ts';

let server: TestServer;
const auth = () => ({
  deck: server.deck,
  role: 'audience',
  clientId: `raw-${Math.random().toString(36).slice(2, 12)}`,
});

beforeAll(async () => {
  server = await startTestServer();
  const presenter = await server.connect('presenter');
  await presenter.call('poll:open', { pollId: 'q1' });
  presenter.close();
});
/** Cases that passed, for the figures table. */
const passed = { closed: 0, tolerated: 0 };
afterAll(async () => {
  await server?.close();
  const violations = VIOLATIONS.length + 1;
  recordFigure({
    item: '6. Fuzzing',
    mode: 'protocol',
    rule: 'socket.io / engine.io protocol violations close the session',
    measured: `${count(passed.closed)}/${count(violations)} kinds of violation (WebSocket and long-polling) closed; ${passed.tolerated}/${TOLERATED.length} well-formed harmless frames let through`,
    pass: passed.closed === violations && passed.tolerated === TOLERATED.length,
  });
});

async function talkState() {
  const presenter = await server.connect('presenter');
  const reply = await presenter.call('snapshot:get', {});
  presenter.close();
  if (!reply.ok) throw new Error(reply.error);
  const { audience: _audience, ...rest } = reply.snapshot;
  return rest;
}

/** Frames sent in order on a fresh session; each case is one protocol violation. */
const VIOLATIONS: [string, (string | Buffer)[]][] = [
  ['engine.io: unknown packet type', ['9']],
  ['engine.io: not a packet', ['x{}']],
  ['engine.io: empty frame', ['']],
  ['engine.io: open from the client', ['0']],
  ['engine.io: upgrade on an upgraded connection', ['5']],
  ['engine.io: close, with the WebSocket left open', ['1']],
  ['engine.io: ping from the client (heartbeats go server → client)', ['2']],
  ['engine.io: probe outside an upgrade', ['2probe']],
  ['engine.io: binary frame that is no attachment', [Buffer.from([0xff, 0x00, 0x42])]],
  ['socket.io: unknown packet type', ['49']],
  ['socket.io: no packet type', ['4']],
  ['socket.io: a second CONNECT', ['40']],
  ['socket.io: CONNECT_ERROR from the client', ['44{"message":"x"}']],
  ['socket.io: leaves its namespace but keeps the connection', ['41']],
  ['socket.io: event for a namespace it never joined', ['42/admin,["vote",{}]']],
  ['socket.io: ack id that is not a number', ['42abc["vote",{}]']],
  ['socket.io: JSON with trailing bytes', ['42["vote",{"pollId":"q1","choice":0}]trailing']],
  ['socket.io: truncated JSON', ['42["vote",{"pollId":"q1"']],
  ['socket.io: event name that is an object', ['42[{"a":1}]']],
  ['socket.io: reserved event name', ['42["disconnect"]']],
  ['socket.io: million binary attachments announced', ['451000000-["vote",{"_placeholder":true,"num":0}]']],
  ['socket.io: attachment placeholder out of range', ['451-["vote",{"_placeholder":true,"num":5}]', Buffer.from([1])]],
  [
    'socket.io: text packet while attachments are due',
    ['452-["vote",{"_placeholder":true,"num":0}]', Buffer.from([1]), '42["vote"]'],
  ],
  ['socket.io: binary ack without a binary', ['46["vote"]']],
];

/** Well formed and harmless: the session goes on and still answers. */
const TOLERATED: [string, string[]][] = [
  ['engine.io: noop', ['6']],
  ['engine.io: pong nobody asked for', ['3']],
  ['socket.io: ack for an event the server never sent', ['437["x"]']],
  ['socket.io: CONNECT to a namespace that does not exist (refused with CONNECT_ERROR)', ['40/admin,{}']],
  ['socket.io: event name that is a number (socket.io allows it; refused as unknown-event)', ['4213[42]']],
];

describe('protocol violations', () => {
  for (const [name, frames] of VIOLATIONS) {
    it(`closes the session: ${name}`, async () => {
      const raw = await openRawEngine(server.url, auth());
      for (const frame of frames) raw.frame(frame);
      expect(await raw.openAfter(2000)).toBe(false);
      passed.closed += 1;
    });
  }

  for (const [name, frames] of TOLERATED) {
    it(`lets through: ${name}`, async () => {
      const raw = await openRawEngine(server.url, auth());
      for (const frame of frames) raw.frame(frame);
      raw.frame('4212["snapshot:get",{}]');
      await raw.until((frames) => frames.some((f) => f.startsWith('4312[{"ok":true')));
      expect(await raw.openAfter(100)).toBe(true);
      raw.close();
      passed.tolerated += 1;
    });
  }

  it('closes a long-polling session whose request body is not engine.io', async () => {
    const session = await openPollingSession(server.url, auth());
    await session.post('9not engine.io');
    expect(await session.ended()).toBe(true);
    passed.closed += 1;
  });

  it('leaves the talk as it was, and the server serving', async () => {
    const before = await talkState();
    const raw = await openRawEngine(server.url, auth());
    raw.frame('42["vote",{"pollId":"q1","choice":1}]trailing');
    await raw.closed;
    expect(await talkState()).toEqual(before);
    const phone = await server.connect('audience');
    expect(await phone.call('vote', { pollId: 'q1', choice: 1 })).toEqual({ ok: true, pollId: 'q1', choice: 1 });
    expect(server.app.rejections.totals()['malformed-packet']).toBeGreaterThan(0);
  });
});
