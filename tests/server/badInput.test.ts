import { afterEach, describe, expect, it } from 'vitest';
import { eventually, type Lectern, startLectern } from '../helpers/lectern.ts';
import { openWire } from '../helpers/wire.ts';

let server: Lectern;
afterEach(async () => {
  await server?.close();
});

async function openPollWithOneVote(server: Lectern) {
  const presenter = await server.connect('presenter');
  await presenter.call('poll:open', { pollId: 'q1' });
  const voter = await server.connect('audience');
  await voter.call('vote', { pollId: 'q1', choice: 1 });
  await voter.call('rate', { score: 3 });
  presenter.close();
  return voter;
}

describe('bad input', () => {
  it('answers each bad payload with its error code and changes nothing', async () => {
    server = await startLectern();
    await openPollWithOneVote(server);
    const before = await server.state();
    let phone = await server.connect('audience');
    const cases: [string, unknown, string][] = [
      ['vote', { pollId: 'q9', choice: 0 }, 'unknown-poll'],
      ['vote', { pollId: 'rating', choice: 0 }, 'unknown-poll'],
      ['vote', { pollId: 'q1', choice: 3 }, 'out-of-range'],
      ['vote', { pollId: 'q1', choice: -1 }, 'out-of-range'],
      ['vote', { pollId: 'q2', choice: 0 }, 'poll-closed'],
      ['vote', { pollId: 'q1', choice: 1.5 }, 'invalid-payload'],
      ['vote', { pollId: 'q1', choice: '1' }, 'invalid-payload'],
      ['vote', { pollId: 'q1' }, 'invalid-payload'],
      ['vote', null, 'invalid-payload'],
      ['vote', 'q1', 'invalid-payload'],
      ['vote', { pollId: 'x'.repeat(5000), choice: 0 }, 'invalid-payload'],
      ['rate', { score: 0 }, 'out-of-range'],
      ['rate', { score: 6 }, 'out-of-range'],
      ['rate', { score: 2.5 }, 'invalid-payload'],
      ['rate', {}, 'invalid-payload'],
      ['no-such-event', {}, 'unknown-event'],
      ['__proto__', {}, 'unknown-event'],
    ];
    for (const [i, [event, payload, error]] of cases.entries()) {
      // A fresh phone every few cases, to stay under the rate limit.
      if (i % 8 === 0) phone = await server.connect('audience');
      // Raw emit: the typed client would not let these through.
      const reply = await (
        phone.socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> }
      ).emitWithAck(event, payload);
      expect(reply, `${event} ${JSON.stringify(payload).slice(0, 60)}`).toEqual({ ok: false, error });
    }
    expect(await server.state()).toEqual(before);
    const totals = server.app.rejections.totals();
    expect(totals['invalid-payload']).toBe(8);
    expect(totals['out-of-range']).toBe(4);
    expect(totals['unknown-event']).toBe(2);
    expect(totals['unknown-poll']).toBe(2);
    expect(totals['poll-closed']).toBe(1);
  });

  it('a presenter gets the same checks: unknown poll, malformed slide', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    expect(await presenter.call('poll:open', { pollId: 'rating' })).toEqual({ ok: false, error: 'unknown-poll' });
    expect(await presenter.call('poll:reveal', { pollId: 'nope' })).toEqual({ ok: false, error: 'unknown-poll' });
    expect(await presenter.call('slide:set', { h: -1, v: 0, f: -1 })).toEqual({ ok: false, error: 'invalid-payload' });
    expect(await presenter.call('slide:set', { h: 1, v: 0 } as never)).toEqual({ ok: false, error: 'invalid-payload' });
    expect(await presenter.call('poll:show-results', { pollId: 'q1', show: 'yes' } as never)).toEqual({
      ok: false,
      error: 'invalid-payload',
    });
    expect((await server.state()).seq).toBe(0);
  });

  it('closes the socket of a message over the size limit; the server and others carry on', async () => {
    server = await startLectern();
    const voter = await openPollWithOneVote(server);
    const before = await server.state();
    const big = await server.connect('audience');
    const gone = new Promise<string>((resolve) => big.socket.on('disconnect', resolve));
    big.socket.emit('vote', { pollId: 'q1', choice: 0, pad: 'x'.repeat(20_000) } as never, () => {});
    expect(await gone).toBe('transport close');
    expect(await server.state()).toEqual(before);
    expect(await voter.call('vote', { pollId: 'q1', choice: 2 })).toMatchObject({ ok: true });
    expect(server.app.rejections.totals()['too-large']).toBe(1);
  });

  it('rate-limits a flood from one socket, then closes it', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    await presenter.call('poll:open', { pollId: 'q1' });
    const flooder = await server.connect('audience');
    const bystander = await server.connect('audience');
    const replies: unknown[] = [];
    const gone = new Promise<void>((resolve) => flooder.socket.on('disconnect', () => resolve()));
    for (let i = 0; i < 200; i++) flooder.socket.emit('vote', { pollId: 'q1', choice: i % 3 }, (r) => replies.push(r));
    await gone;
    expect(replies.filter((r) => (r as { ok: boolean }).ok).length).toBeLessThanOrEqual(15);
    expect(replies).toContainEqual({ ok: false, error: 'rate-limited' });
    const totals = server.app.rejections.totals();
    expect(totals['flood-disconnect']).toBe(1);
    expect(totals['rate-limited']).toBeGreaterThanOrEqual(50);
    // One ballot for the flooder's id at most, the bystander unaffected.
    expect(await bystander.call('vote', { pollId: 'q1', choice: 1 })).toMatchObject({ ok: true });
    const results = await presenter.call('results:get', {});
    expect(results.ok && results.results.questions[0]!.voters).toBe(2);
  });

  it('survives reserved event names and packets socket.io cannot decode', async () => {
    server = await startLectern();
    const voter = await openPollWithOneVote(server);
    const before = await server.state();
    const auth = { deck: server.deck, role: 'audience', clientId: 'raw-client-0001' };

    const raw = await openWire(server.url, { mode: 'raw', auth });
    const unacked = await openWire(server.url, { mode: 'raw', auth });
    const names = ['error', 'snapshot', 'constructor', 'hasOwnProperty'];
    names.forEach((name, id) => {
      raw.send(`2${id}${JSON.stringify([name, { pollId: 'q1', choice: 0 }])}`);
      unacked.send(`2${JSON.stringify([name, {}])}`);
    });
    raw.send('26["vote"]');
    raw.send('27[42]');
    const acks = () => raw.packets.filter((p) => p.startsWith('3'));
    await eventually(() => acks().length === 6, 'six acks');
    expect(acks()).toEqual([
      ...names.map((_, id) => `3${id}[{"ok":false,"error":"unknown-event"}]`),
      '36[{"ok":false,"error":"invalid-payload"}]',
      '37[{"ok":false,"error":"unknown-event"}]',
    ]);
    await eventually(() => server.app.rejections.totals()['unknown-event'] === 4 + 1 + 4, 'unacked events counted');
    expect(raw.isOpen() && unacked.isOpen()).toBe(true);

    // socket.io's parser refuses its reserved names outright and closes the connection.
    for (const name of ['connect', 'disconnect', 'disconnecting', 'newListener', 'removeListener', 'connect_error']) {
      const reserved = await openWire(server.url, { mode: 'raw', auth });
      reserved.send(`20${JSON.stringify([name, {}])}`);
      await reserved.closed;
    }
    for (const garbage of [
      '2[]',
      '2[',
      '2{"a":1}',
      'x',
      '99',
      '2["vote",{"pollId":"q1","choice":0}',
      Buffer.from([0xff, 0x00]),
    ]) {
      const raw = await openWire(server.url, { mode: 'raw', auth });
      raw.send(garbage);
      await raw.closed;
    }
    expect(await server.state()).toEqual(before);
    expect(await voter.call('vote', { pollId: 'q1', choice: 0 })).toMatchObject({ ok: true });
    expect(server.app.rejections.totals()['malformed-packet']).toBe(6 + 7);
  });
});
