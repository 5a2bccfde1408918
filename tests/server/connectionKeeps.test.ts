/**
 * What the server keeps of a phone's connection once it joined: not the HTTP request the session was
 * opened with, nor the one it upgraded to WebSocket with (`forgetHandshakeRequest` and
 * `releaseUpgradeRequests` in `server/live/socketIoInternals.ts`), nor the CONNECT payload with its
 * presenter token. At 5,000 phones the requests alone are 4 MB. The checks that read the request (the
 * address a phone is counted under, for the phone cap, the session caps and the token backoff) read
 * it before it is let go of, when engine.io opens the session.
 * Run against the real socket.io, engine.io and ws: a release that stops working fails here.
 */
import type http from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, type Lectern, newClientId, startLectern } from '../helpers/lectern.ts';
import { openSocket, refusal } from '../helpers/testClient.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

let server: Lectern;
afterEach(async () => {
  await server?.close();
});

/** Weak references to every HTTP request that opened or upgraded a socket.io session. */
function watchRequests(app: Lectern['app']): WeakRef<http.IncomingMessage>[] {
  const requests: WeakRef<http.IncomingMessage>[] = [];
  app.io.engine.on('initial_headers', (_headers: unknown, req: http.IncomingMessage) => {
    requests.push(new WeakRef(req));
  });
  app.httpServer.prependListener('upgrade', (req: http.IncomingMessage) => requests.push(new WeakRef(req)));
  return requests;
}

/** The requests still held after a few full collections (a WeakRef's target lives to the end of the turn). */
async function stillHeld(requests: WeakRef<object>[]): Promise<number> {
  for (let round = 0; round < 10; round += 1) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (requests.every((r) => r.deref() === undefined)) return 0;
  }
  return requests.filter((r) => r.deref() !== undefined).length;
}

describe('a joined phone', () => {
  it('is no longer held with the request it opened its WebSocket with, and keeps being served', async () => {
    server = await startLectern();
    const requests = watchRequests(server.app);
    const phone = await server.connect('audience');
    expect(requests.length).toBeGreaterThan(0);
    expect(await stillHeld(requests)).toBe(0);
    expect((await phone.call('snapshot:get', {})).ok).toBe(true);
  });

  it('that joined over long-polling and upgraded is held with neither request', async () => {
    server = await startLectern();
    const requests = watchRequests(server.app);
    const phone = await server.connect('audience', { transports: ['polling', 'websocket'] });
    await eventually(() => phone.socket.io.engine.transport.name === 'websocket', 'the upgrade');
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(await stillHeld(requests)).toBe(0);
    expect((await phone.call('snapshot:get', {})).ok).toBe(true);
  });

  it('keeps no presenter token in its handshake', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const [socket] = [...server.app.io.of('/').sockets.values()].filter((s) => s.data.role === 'presenter');
    expect(JSON.stringify(socket!.handshake)).not.toContain(server.token);
    expect((await presenter.call('slide:set', { h: 1, v: 0, f: -1 })).ok).toBe(true);
  });
});

describe('the request is read before it is let go of', () => {
  it('a phone over the cap of its address is refused, over WebSocket and long-polling alike', async () => {
    server = await startLectern({ trustProxy: true, maxPhonesPerIp: 1 });
    const from = { 'X-Forwarded-For': '10.0.0.9' };
    await server.connect('audience', { headers: from, transports: ['polling'] });
    const phone = () => ({ deck: server.deck, role: 'audience', clientId: newClientId() });
    expect(await server.refused(phone(), from)).toBe('too-many-phones');
    const overPolling = openSocket(server.url, phone(), { headers: from, transports: ['polling'] });
    expect(await refusal(overPolling)).toBe('too-many-phones');
    // Another address is not counted with it.
    const other = await server.connect('audience', { headers: { 'X-Forwarded-For': '10.0.0.10' } });
    expect(other.snapshot.role).toBe('audience');
  });

  it('the session caps and the token backoff still count a WebSocket phone by its address', async () => {
    server = await startLectern({ trustProxy: true, sessions: { maxSessionsPerAddress: 2, refusalDelayMs: 0 } });
    const from = { 'X-Forwarded-For': '10.0.0.11' };
    await server.connect('audience', { headers: from });
    await server.connect('audience', { headers: from });
    const audience = { deck: server.deck, role: 'audience', clientId: newClientId() };
    expect(await server.refused(audience, from)).not.toBe('too-many-phones');
    const guesser = { 'X-Forwarded-For': '10.0.0.12' };
    const presenter = { deck: server.deck, role: 'presenter', clientId: newClientId() };
    for (let i = 0; i < 5; i += 1) {
      expect(await server.refused({ ...presenter, token: 'wrong-token-wrong-token' }, guesser)).toBe('bad-token');
    }
    expect(await server.refused({ ...presenter, token: server.token }, guesser)).toBe('slow-down');
  });
});
