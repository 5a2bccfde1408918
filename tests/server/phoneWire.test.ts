/**
 * Phones on the plain WebSocket wire (`GET /live`, JSON frames): they follow the talk, vote, rate and
 * are refused exactly as socket.io phones are, through the same dispatcher, caps and counters; what
 * breaks the protocol closes the connection and is counted; silent phones are let go of.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot, Stats } from '../../src/protocol.ts';
import { eventually, type Lectern, newClientId, startLectern } from '../helpers/lectern.ts';
import { openPhoneWire, PhoneWire } from '../helpers/wire.ts';

let server: Lectern;
afterEach(async () => {
  await server?.close();
});

const phoneOn = (s: Lectern, options: { clientId?: string; headers?: Record<string, string>; node?: number } = {}) =>
  openPhoneWire(s.urls[options.node ?? 0]!, {
    deck: s.deck,
    clientId: options.clientId ?? newClientId(),
    headers: options.headers,
  });

/** An upgrade request to `/live` with headers of our choosing; resolves with the HTTP status and body of a refusal. */
function refusedUpgrade(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}/live?deck=x&clientId=${newClientId()}`, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    req.on('upgrade', () => reject(new Error('upgraded, expected a refusal')));
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += String(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

describe('a phone on the wire', () => {
  it('gets the snapshot first, then the slide, poll and stats deltas; its vote is acknowledged and counted', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const phone = await phoneOn(server);
    expect(phone.frames[0]?.[0]).toBe('snapshot');
    const snapshot = phone.frames[0]![1] as Snapshot;
    expect(snapshot.role).toBe('audience');
    expect(snapshot.slide).toEqual({ h: 0, v: 0, f: -1 });

    expect(await presenter.call('slide:set', { h: 2, v: 0, f: -1 })).toMatchObject({ ok: true });
    expect(await phone.next('slide')).toMatchObject({ h: 2, v: 0, f: -1 });

    expect(await presenter.call('poll:open', { pollId: 'q1' })).toMatchObject({ ok: true });
    await phone.next<{ poll: { id: string; phase: string } }>('poll', (p) => p.poll.phase === 'open');

    expect(await phone.request('vote', { pollId: 'q1', choice: 1 })).toEqual({ ok: true, pollId: 'q1', choice: 1 });
    await presenter.waitFor('stats', (s) => s.tallies.q1?.counts[1] === 1);

    expect(await phone.request('rate', { score: 4 })).toEqual({ ok: true, score: 4 });
    await phone.next<Stats>('stats', (s) => s.rating?.count === 1);
    // Asked again after the vote, the snapshot is the phone's own: its ballot in it.
    const again = (await phone.request('snapshot:get', {})) as unknown as { snapshot: Snapshot };
    expect(again.snapshot.polls.find((p) => p.id === 'q1')?.yourChoice).toBe(1);
  });

  it('may not move the slides or open a poll: forbidden, and nothing changes', async () => {
    server = await startLectern();
    const phone = await phoneOn(server);
    expect(await phone.request('slide:set', { h: 3, v: 0, f: -1 })).toEqual({ ok: false, error: 'forbidden' });
    expect(await phone.request('poll:open', { pollId: 'q1' })).toEqual({ ok: false, error: 'forbidden' });
    const state = await server.state();
    expect(state.slide).toEqual({ h: 0, v: 0, f: -1 });
    expect(state.polls.find((p) => p.id === 'q1')?.phase).toBe('closed');
    expect(server.app.rejections.totals().forbidden).toBe(2);
  });

  it('counts in the audience while connected and no longer once it closed', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const socketIoPhone = await server.connect('audience');
    const phones = [await phoneOn(server), await phoneOn(server)];
    const lastAudience = () =>
      (presenter.received.filter((r) => r.event === 'stats').at(-1)?.payload as Stats | undefined)?.audience;
    await eventually(() => lastAudience() === 3, 'three phones counted');
    expect(socketIoPhone.snapshot.audience).toBe(1);
    phones[0]!.close();
    await eventually(() => lastAudience() === 2, 'the closed phone to leave the count');
    expect(server.app.decks.get(server.deck)!.wirePhones.size).toBe(1);
    expect((await phoneOn(server)).events<Snapshot>('snapshot')[0]!.audience).toBe(3);
  });

  it('a crowd joining at once: the speaker sees every phone counted, the phones get no message for the count alone', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const lastAudience = () =>
      (presenter.received.filter((r) => r.event === 'stats').at(-1)?.payload as Stats | undefined)?.audience;
    const crowd = await Promise.all(Array.from({ length: 150 }, () => phoneOn(server)));
    await eventually(() => lastAudience() === 150, 'all 150 phones counted');
    // Each phone's snapshot counted the phones in before it, itself included.
    const counts = crowd.map((phone) => phone.events<Snapshot>('snapshot')[0]!.audience).sort((a, b) => a - b);
    expect(counts.at(-1)).toBe(150);
    expect(new Set(counts).size).toBe(150);
    // A count that changed with every arrival is not sent to the whole room each time.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(crowd.flatMap((phone) => phone.events('stats'))).toEqual([]);
    for (const phone of crowd.slice(0, 50)) phone.close();
    await eventually(() => lastAudience() === 100, 'the 50 that left to leave the count');
    expect((await phoneOn(server)).events<Snapshot>('snapshot')[0]!.audience).toBe(101);
  });

  it('a new run reaches it as a fresh snapshot of the new run', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const phone = await phoneOn(server);
    const first = phone.events<Snapshot>('snapshot')[0]!;
    expect(await phone.request('rate', { score: 5 })).toMatchObject({ ok: true });
    const reply = await presenter.call('run:new', { name: 'Second run', rehearsal: false });
    expect(reply.ok).toBe(true);
    const fresh = await phone.next<Snapshot>('snapshot', (s) => s.run?.name === 'Second run');
    expect(fresh.run?.id).not.toBe(first.run?.id);
    // The new run holds none of the old one's ratings, the phone's own included.
    expect(first.rating?.yourScore).toBeNull();
    expect(fresh.rating?.summary.count).toBe(0);
    expect(fresh.rating?.yourScore).toBeNull();
  });
});

describe('refusals', () => {
  it('before the upgrade: a foreign host or origin gets 403 with the reason, and is counted', async () => {
    server = await startLectern();
    expect(await refusedUpgrade(server.url, { Origin: 'http://evil.example' })).toEqual({
      status: 403,
      body: 'bad-origin',
    });
    expect(await refusedUpgrade(server.url, { Host: 'evil.example' })).toEqual({ status: 403, body: 'bad-host' });
    expect(server.app.rejections.totals()).toMatchObject({ 'bad-origin': 1, 'bad-host': 1 });
    // The server's own page is let in.
    const own = new URL(server.url);
    const phone = await openPhoneWire(server.url, {
      deck: server.deck,
      clientId: newClientId(),
      headers: { Origin: own.origin },
    });
    expect(phone.events('snapshot')).toHaveLength(1);
  });

  it('before the upgrade: an address over its session cap waits, then gets 429; a closed phone gives its place back', async () => {
    server = await startLectern({ trustProxy: true, sessions: { maxSessionsPerAddress: 2, refusalDelayMs: 200 } });
    const from = { 'X-Forwarded-For': '10.0.0.9' };
    const phones = [await phoneOn(server, { headers: from }), await phoneOn(server, { headers: from })];
    const started = Date.now();
    expect(await refusedUpgrade(server.url, from)).toEqual({ status: 429, body: 'too-many-sessions' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(server.app.rejections.totals()['too-many-sessions']).toBe(1);
    // Another address is not affected; a phone that leaves frees its address's place.
    await phoneOn(server, { headers: { 'X-Forwarded-For': '10.0.0.10' } });
    phones[0]!.close();
    await phones[0]!.closed;
    await eventually(() => server.app.decks.get(server.deck)!.wirePhones.size === 2, 'the phone to be let go of');
    const back = await phoneOn(server, { headers: from });
    expect(back.events('snapshot')).toHaveLength(1);
  });

  it('after the upgrade: a close code of 4000 + n with the reason, for bad auth, an unknown deck, too many phones', async () => {
    server = await startLectern({ trustProxy: true, maxPhonesPerIp: 1 });
    const closeOf = async (query: string, headers?: Record<string, string>) => {
      const phone = new PhoneWire(server.url, { query, headers });
      return phone.closed;
    };
    expect(await closeOf(`deck=${server.deck}&clientId=short`)).toEqual({ code: 4001, reason: 'bad-auth' });
    expect(await closeOf(`clientId=${newClientId()}`)).toEqual({ code: 4001, reason: 'bad-auth' });
    expect(await closeOf(`deck=no-such-deck&clientId=${newClientId()}`)).toEqual({
      code: 4002,
      reason: 'unknown-deck',
    });
    const from = { 'X-Forwarded-For': '10.0.0.11' };
    await phoneOn(server, { headers: from });
    expect(await closeOf(`deck=${server.deck}&clientId=${newClientId()}`, from)).toEqual({
      code: 4003,
      reason: 'too-many-phones',
    });
    expect(server.app.rejections.totals()['connect-refused']).toBe(4);
    expect(server.app.decks.get(server.deck)!.wirePhones.size).toBe(1);
  });
});

describe('what breaks the protocol', () => {
  it.each([
    ['not JSON', 'vote', 1008],
    ['not an array', '{"vote":1}', 1008],
    ['an array without an event name', '[1,2]', 1008],
    ['an empty array', '[]', 1008],
    ['a negative ack id', '["vote",{"pollId":"q1","choice":0},-1]', 1008],
    ['a fractional ack id', '["vote",{"pollId":"q1","choice":0},1.5]', 1008],
    ['an ack id beyond 2^31-1', '["vote",{"pollId":"q1","choice":0},2147483648]', 1008],
    ['a string ack id', '["vote",{"pollId":"q1","choice":0},"1"]', 1008],
    ['a binary frame', Buffer.from('["vote",{}]'), 1003],
  ] as const)('%s closes the phone and is counted as malformed; other phones stay', async (_what, frame, code) => {
    server = await startLectern();
    const bystander = await phoneOn(server);
    const phone = await phoneOn(server);
    phone.send(frame);
    expect((await phone.closed).code).toBe(code);
    expect(server.app.rejections.totals()['malformed-packet']).toBe(1);
    expect(await bystander.request('snapshot:get', {})).toMatchObject({ ok: true });
  });

  it('an event the server does not know is refused by ack, and the phone stays', async () => {
    server = await startLectern();
    const phone = await phoneOn(server);
    expect(await phone.request('no:such', {})).toEqual({ ok: false, error: 'unknown-event' });
    expect(await phone.request('vote', { pollId: 'q1' })).toEqual({ ok: false, error: 'invalid-payload' });
    expect(await phone.ended(200)).toBe(false);
  });

  it('a frame over the size limit closes the phone with 1009 and is counted', async () => {
    server = await startLectern({ maxMessageBytes: 1024 });
    const phone = await phoneOn(server);
    phone.send(JSON.stringify(['question:ask', { text: 'x'.repeat(2000) }, 1]));
    expect((await phone.closed).code).toBe(1009);
    await eventually(() => server.app.rejections.totals()['too-large'] === 1, 'too-large counted');
  });

  it('a flood closes the phone with 1008 and is counted', async () => {
    server = await startLectern();
    const phone = await phoneOn(server);
    for (let i = 0; i < 100; i += 1) phone.send(JSON.stringify(['rate', { score: 3 }, i]));
    expect((await phone.closed).code).toBe(1008);
    expect(server.app.rejections.totals()['flood-disconnect']).toBe(1);
  });
});

describe('the heartbeat', () => {
  it('keeps a phone that answers its pings and closes a silent one, counting nothing', async () => {
    server = await startLectern({ wireHeartbeat: { intervalMs: 150, timeoutMs: 100 } });
    const live = await phoneOn(server);
    const silent = new PhoneWire(server.url, { deck: server.deck, clientId: newClientId(), answerPings: false });
    await silent.next('snapshot');
    expect(await silent.ended(2000)).toBe(true);
    expect(silent.events('ping').length).toBeGreaterThanOrEqual(1);
    await eventually(() => server.app.decks.get(server.deck)!.talk.audience === 1, 'the silent phone to leave');
    // Several rounds later the phone that answers is still served.
    await eventually(() => live.events('ping').length >= 4, 'four pings');
    expect(await live.request('snapshot:get', {})).toMatchObject({ ok: true });
    expect(server.app.rejections.totals()).toEqual({});
  });
});

describe('in a cluster', () => {
  it('a phone on node B follows a slide set through node A', async () => {
    server = await startLectern({ store: 'redis', nodes: 2 });
    const presenter = await server.connect('presenter', { node: 0 });
    const phone = await phoneOn(server, { node: 1 });
    expect(await presenter.call('slide:set', { h: 3, v: 0, f: -1 })).toMatchObject({ ok: true });
    expect(await phone.next('slide')).toMatchObject({ h: 3, v: 0, f: -1 });
  });
});
