/**
 * The wire is exact: a payload with a key the protocol does not name is refused, not trimmed, and a
 * `slide:set` to a slide the deck does not have is refused before it reaches a phone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Lectern, newClientId, startLectern } from '../helpers/lectern.ts';

let server: Lectern;
afterEach(async () => {
  await server?.close();
});

describe('the protocol is exact', () => {
  it('refuses a payload with an extra key and changes nothing', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const phone = await server.connect('audience');
    expect(await presenter.call('slide:set', { h: 1, v: 0, f: -1, extra: 1 } as never)).toEqual({
      ok: false,
      error: 'invalid-payload',
    });
    // biome-ignore lint/suspicious/noThenProperty: a payload with a `then` key is the hostile input under test
    expect(await presenter.call('poll:open', { pollId: 'q1', then: 'x' } as never)).toEqual({
      ok: false,
      error: 'invalid-payload',
    });
    expect(await phone.call('snapshot:get', { a: 1 } as never)).toEqual({ ok: false, error: 'invalid-payload' });
    const { snapshot } = (await phone.call('snapshot:get', {})) as { snapshot: { slide: unknown; seq: number } };
    expect(snapshot.seq).toBe(0);
    expect(snapshot.slide).toEqual({ h: 0, v: 0, f: -1 });
  });

  it('refuses a handshake with an extra key', async () => {
    server = await startLectern();
    expect(await server.refused({ deck: server.deck, role: 'audience', clientId: newClientId(), admin: true })).toBe(
      'bad-auth',
    );
  });

  it('refuses a slide the deck does not have; no phone moves', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const phone = await server.connect('audience');
    expect(await presenter.call('slide:set', { h: 9999, v: 0, f: -1 })).toEqual({ ok: false, error: 'out-of-range' });
    expect(await presenter.call('slide:set', { h: 1, v: 5, f: -1 })).toEqual({ ok: false, error: 'out-of-range' });
    expect(await presenter.call('slide:set', { h: 1, v: 1, f: -1 })).toMatchObject({ ok: true, seq: 1 });
    const delta = await phone.waitFor('slide');
    expect(delta).toEqual({ seq: 1, h: 1, v: 1, f: -1 });
    expect(phone.received.filter((r) => r.event === 'slide')).toHaveLength(1);
  });
});
