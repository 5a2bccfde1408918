import { afterEach, describe, expect, it } from 'vitest';
import type { ClientEventName } from '../../src/protocol.ts';
import { PRESENTER_EVENTS } from '../../src/protocol.ts';
import { type Lectern, newClientId, startLectern } from '../helpers/lectern.ts';

let server: Lectern;
afterEach(async () => {
  await server?.close();
});

const presenterPayloads: { [E in (typeof PRESENTER_EVENTS)[number]]: unknown } = {
  'slide:set': { h: 3, v: 0, f: -1 },
  'poll:open': { pollId: 'q1' },
  'poll:close': { pollId: 'q1' },
  'poll:reveal': { pollId: 'q1' },
  'poll:reset': { pollId: 'q1' },
  'poll:show-results': { pollId: 'q1', show: true },
  'run:new': { name: 'taken over', rehearsal: false },
  'results:get': {},
  'question:set': { questionId: 'abc', state: 'hidden' },
  'reactions:set': { on: false },
  pointer: { h: 0, v: 0, mode: 'laser', x: 0.5, y: 0.5, stroke: 0 },
};

describe('roles', () => {
  it('refuses every presenter event from an audience socket and changes nothing', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    await presenter.call('poll:open', { pollId: 'q2' });
    const phone = await server.connect('audience');
    const before = await server.state();

    for (const [event, payload] of Object.entries(presenterPayloads)) {
      expect(await phone.call(event as ClientEventName, payload as never), event).toEqual({
        ok: false,
        error: 'forbidden',
      });
    }
    expect(await server.state()).toEqual(before);
    expect(server.app.rejections.totals().forbidden).toBe(PRESENTER_EVENTS.length);
    // No delta beyond the presenter's own poll:open reached anyone.
    const deltas = presenter.received.filter((r) => r.event === 'slide' || r.event === 'poll');
    expect(deltas.map((r) => (r.payload as { seq: number }).seq)).toEqual([1]);
  });

  it('refuses a presenter without the right token', async () => {
    server = await startLectern();
    const auth = { deck: server.deck, role: 'presenter', clientId: newClientId() };
    expect(await server.refused({ ...auth, token: 'wrong' })).toBe('bad-token');
    expect(await server.refused({ ...auth, token: server.token.slice(0, -1) })).toBe('bad-token');
    expect(await server.refused({ ...auth, token: `${server.token}x` })).toBe('bad-token');
    expect(await server.refused(auth)).toBe('bad-token');
    expect(server.app.rejections.totals()['connect-refused']).toBe(4);
    expect(server.app.rejections.totals()['bad-token']).toBe(4);
    const presenter = await server.connect('presenter');
    expect(presenter.snapshot.role).toBe('presenter');
  });

  it('refuses an unknown deck and a malformed handshake', async () => {
    server = await startLectern();
    const clientId = newClientId();
    expect(await server.refused({ deck: 'no-such-deck', role: 'audience', clientId })).toBe('unknown-deck');
    expect(await server.refused({ deck: '../etc', role: 'audience', clientId })).toBe('unknown-deck');
    expect(await server.refused({ deck: server.deck, role: 'admin', clientId })).toBe('bad-auth');
    expect(await server.refused({ deck: server.deck, role: 'audience', clientId: 'short' })).toBe('bad-auth');
    expect(await server.refused({ deck: server.deck, role: 'audience' })).toBe('bad-auth');
    expect(await server.refused({})).toBe('bad-auth');
  });

  it('a token on an audience socket gives it no powers', async () => {
    server = await startLectern();
    const phone = await server.connect('audience', { token: server.token });
    expect(phone.snapshot.role).toBe('audience');
    expect(await phone.call('slide:set', { h: 1, v: 0, f: -1 })).toEqual({ ok: false, error: 'forbidden' });
  });

  it('checks the Origin of the handshake: same origin and the allow-list pass, others are refused', async () => {
    server = await startLectern({ allowedOrigins: ['http://lectern.local:3000'] });
    const handshake = (origin: string) =>
      fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { Origin: origin } }).then(async (r) => [
        r.status,
        await r.text(),
      ]);
    expect(await handshake('http://evil.example')).toEqual([403, expect.stringContaining('bad-origin')]);
    expect(await handshake('null')).toEqual([403, expect.stringContaining('bad-origin')]);
    // The scheme is part of the origin.
    expect(await handshake(server.url.replace('http:', 'https:'))).toEqual([
      403,
      expect.stringContaining('bad-origin'),
    ]);
    const auth = { deck: server.deck, role: 'audience', clientId: newClientId() };
    expect(await server.refused(auth, { Origin: 'http://evil.example' })).toBe('websocket error');
    expect(server.app.rejections.totals()['bad-origin']).toBe(4);
    const same = await server.connect('audience', { headers: { Origin: server.url } });
    const listed = await server.connect('audience', { headers: { Origin: 'http://lectern.local:3000' } });
    expect([same.snapshot.role, listed.snapshot.role]).toEqual(['audience', 'audience']);
  });
});
