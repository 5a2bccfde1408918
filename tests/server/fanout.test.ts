/**
 * Room broadcasts write straight to idle WebSockets and leave every other socket to socket.io's own
 * emit (`server/live/fanout.ts`). Each case below puts a real socket in one of the states the direct
 * write must not touch, and checks that the broadcast went to it through socket.io, in order, once.
 */
import { io as ioClient } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { broadcast } from '../../server/live/fanout.ts';
import type { LecternSocket } from '../../server/live/liveDeck.ts';
import type { SlideDelta, Stats } from '../../src/protocol.ts';
import { type Lectern, newClientId, startLectern } from '../helpers/lectern.ts';

let server: Lectern;
afterEach(async () => {
  await server?.close();
});

const SLIDE = { seq: 99, h: 4, v: 0, f: -1 };

function slideToEveryone(mode: 'direct' | 'socket.io' = 'direct') {
  const live = server.app.decks.get(server.deck)!;
  return broadcast(server.app.io, mode, [live.rooms.presenter, live.rooms.audience], null, 'slide', SLIDE);
}

function serverSocketOf(clientId: string): LecternSocket {
  const socket = [...server.app.io.of('/').sockets.values()].find((s) => s.data.clientId === clientId);
  if (!socket) throw new Error(`no socket for ${clientId}`);
  return socket;
}

/**
 * A phone that joins over long-polling and then starts the upgrade to WebSocket, stopping after the
 * probe: engine.io holds the session mid-upgrade until `finishUpgrade()` sends the upgrade packet.
 */
async function phoneMidUpgrade(url: string, deck: string) {
  const base = `${url}/socket.io/?EIO=4&transport=polling`;
  const open = await (await fetch(base)).text();
  const sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
  const session = `${base}&sid=${sid}`;
  const auth = { deck, role: 'audience', clientId: newClientId() };
  await fetch(session, {
    method: 'POST',
    body: `40${JSON.stringify(auth)}`,
    headers: { 'content-type': 'text/plain' },
  });
  let polled = '';
  while (!polled.includes('42["snapshot"')) polled += await (await fetch(session)).text();

  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket&sid=${sid}`);
  const frames: string[] = [];
  const watchers = new Set<() => void>();
  ws.on('message', (data) => {
    frames.push(data.toString());
    for (const watch of watchers) watch();
  });
  const frame = (match: (text: string) => boolean) =>
    new Promise<string>((resolve) => {
      const watch = () => {
        const found = frames.find(match);
        if (found === undefined) return;
        watchers.delete(watch);
        resolve(found);
      };
      watchers.add(watch);
      watch();
    });
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send('2probe');
  await frame((text) => text === '3probe');
  return {
    clientId: auth.clientId,
    frames,
    frame,
    finishUpgrade: () => ws.send('5'),
    close: () => ws.terminate(),
  };
}

describe('room broadcasts', () => {
  it('write one frame straight to idle WebSockets and send to a long-polling phone through socket.io', async () => {
    server = await startLectern();
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

    expect(slideToEveryone()).toEqual({ direct: 2, fallback: 1, wire: 0 });
    expect(await websocketPhone.waitFor('slide', (d) => d.seq === 99)).toEqual(SLIDE);
    expect(await presenter.waitFor('slide', (d) => d.seq === 99)).toEqual(SLIDE);
    expect(await viaPolling).toEqual(SLIDE);
    pollingPhone.disconnect();
  });

  it('queue behind writes socket.io has not finished: the phone hears them first, then the broadcast', async () => {
    server = await startLectern();
    const busyPhone = await server.connect('audience');
    const idlePhone = await server.connect('audience');
    const socket = serverSocketOf(busyPhone.clientId);
    const stats = (audience: number): Stats => ({ audience, rating: null, tallies: {}, answers: {} });
    // The first write is in flight on the WebSocket, the second waits in engine.io's write buffer.
    socket.emit('stats', stats(101));
    socket.emit('stats', stats(102));

    expect(slideToEveryone()).toEqual({ direct: 1, fallback: 1, wire: 0 });
    await busyPhone.waitFor('slide', (d) => d.seq === 99);
    const heard = busyPhone.received.filter((r) => r.event !== 'snapshot');
    expect(heard).toEqual([
      { event: 'stats', payload: stats(101) },
      { event: 'stats', payload: stats(102) },
      { event: 'slide', payload: SLIDE },
    ]);
    expect(await idlePhone.waitFor('slide', (d) => d.seq === 99)).toEqual(SLIDE);
  });

  it('leave a phone in the middle of its upgrade to socket.io, which delivers once the upgrade completes', async () => {
    server = await startLectern();
    const websocketPhone = await server.connect('audience');
    const upgrading = await phoneMidUpgrade(server.url, server.deck);
    expect(serverSocketOf(upgrading.clientId).conn.upgrading).toBe(true);

    expect(slideToEveryone()).toEqual({ direct: 1, fallback: 1, wire: 0 });
    expect(await websocketPhone.waitFor('slide', (d) => d.seq === 99)).toEqual(SLIDE);
    upgrading.finishUpgrade();
    const frame = await upgrading.frame((text) => text.startsWith('42["slide"'));
    expect(JSON.parse(frame.slice(2))).toEqual(['slide', SLIDE]);
    // Upgraded: the next broadcast goes straight to its WebSocket, and nothing arrived twice.
    expect(slideToEveryone()).toEqual({ direct: 2, fallback: 0, wire: 0 });
    await upgrading.frame(() => upgrading.frames.filter((f) => f.startsWith('42["slide"')).length === 2);
    upgrading.close();
  });

  it('send through socket.io alone when the direct writes are off', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const phone = await server.connect('audience');
    expect(slideToEveryone('socket.io')).toEqual({ direct: 0, fallback: 2, wire: 0 });
    expect(await phone.waitFor('slide', (d) => d.seq === 99)).toEqual(SLIDE);
    expect(await presenter.waitFor('slide', (d) => d.seq === 99)).toEqual(SLIDE);
  });

  it('keeps the order of messages to one socket when the fast path and socket.io alternate', async () => {
    server = await startLectern();
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
