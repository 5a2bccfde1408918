import { io as ioClient } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { broadcast } from '../../server/live/fanout.ts';
import type { SlideDelta } from '../../src/protocol.ts';
import { newClientId, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

describe('room broadcasts', () => {
  it('write one frame straight to idle WebSockets and fall back to socket.io for the rest', async () => {
    server = await startTestServer();
    const presenter = await server.connect('presenter');
    const websocketPhone = await server.connect('audience');
    // A phone stuck on long-polling (a proxy that refuses upgrades).
    const pollingPhone = ioClient(server.url, {
      auth: { deck: server.deck, role: 'audience', clientId: newClientId() },
      transports: ['polling'],
      reconnection: false,
      forceNew: true,
    });
    await new Promise((resolve) => pollingPhone.once('snapshot', resolve));
    const viaPolling = new Promise<SlideDelta>((resolve) => pollingPhone.on('slide', resolve));

    const live = server.app.decks.get(server.deck)!;
    const counts = broadcast(server.app.io, 'direct', [live.rooms.presenter, live.rooms.audience], null, 'slide', {
      seq: 99,
      h: 7,
      v: 0,
      f: -1,
    });
    expect(counts).toEqual({ direct: 2, fallback: 1 });
    const expected = { seq: 99, h: 7, v: 0, f: -1 };
    expect(await websocketPhone.waitFor('slide', (d) => d.seq === 99)).toEqual(expected);
    expect(await presenter.waitFor('slide', (d) => d.seq === 99)).toEqual(expected);
    expect(await viaPolling).toEqual(expected);
    pollingPhone.disconnect();
  });

  it('keeps the order of messages to one socket when the fast path and socket.io alternate', async () => {
    server = await startTestServer();
    const presenter = await server.connect('presenter');
    const phone = await server.connect('audience');
    // Round the fixture deck's five slides: every move is a change.
    for (let i = 1; i <= 20; i++) {
      await presenter.call('slide:set', { h: i % 5, v: 0, f: -1 });
      if (i % 5 === 0) await phone.call('snapshot:get', {});
    }
    await phone.waitFor('slide', (d) => d.seq === 20);
    const seqs = phone.received.filter((r) => r.event === 'slide').map((r) => (r.payload as SlideDelta).seq);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
