/**
 * A message over the size limit (16 KiB) closes that socket, whatever the transport or frame
 * type, and the server carries on. Memory under a stream of them is measured in the stress run.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { openPollingSession } from './harness/polling.ts';
import { openRawEngine } from './harness/rawEngine.ts';

const LIMIT = 16 * 1024;
let server: TestServer;
const auth = (n: number) => ({
  deck: server.deck,
  role: 'audience',
  clientId: `oversized-${String(n).padStart(4, '0')}`,
});

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const vote = (pad: number) => `42${JSON.stringify(['vote', { pollId: 'q1', choice: 0, pad: 'x'.repeat(pad) }])}`;

describe('oversized messages', () => {
  it('keeps a socket whose message is just under the limit (refused as a payload, not closed)', async () => {
    const raw = await openRawEngine(server.url, auth(1));
    raw.frame(`4211${JSON.stringify(['vote', { pollId: 'q1', choice: 0, pad: 'x'.repeat(LIMIT - 100) }])}`);
    await raw.until((frames) => frames.some((f) => f.startsWith('4311')));
    expect(await raw.openAfter(100)).toBe(true);
    raw.close();
  });

  it('closes a socket sending one text message over the limit', async () => {
    const raw = await openRawEngine(server.url, auth(2));
    raw.frame(vote(LIMIT + 1));
    expect(await raw.openAfter(2000)).toBe(false);
  });

  it('closes a socket sending a binary attachment over the limit', async () => {
    const raw = await openRawEngine(server.url, auth(3));
    raw.frame('451-["vote",{"_placeholder":true,"num":0}]');
    raw.frame(Buffer.alloc(LIMIT + 1));
    expect(await raw.openAfter(2000)).toBe(false);
  });

  it('closes a socket whose message comes in small fragments adding up to over the limit', async () => {
    // ws sends fragments with `fin: false`; the size limit applies to the whole message.
    const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const closed = new Promise<number>((resolve) => socket.on('close', resolve));
    await new Promise((resolve) => socket.once('message', resolve));
    socket.send(`40${JSON.stringify(auth(4))}`);
    await new Promise((resolve) => socket.once('message', resolve));
    const chunk = 'x'.repeat(1024);
    socket.send('42["vote",{"pad":"', { fin: false });
    for (let i = 0; i < 20; i++) socket.send(chunk, { fin: false });
    socket.send('"}]', { fin: true });
    expect(await closed).toBe(1009);
  });

  it('refuses a long-polling request body over the limit and ends that session', async () => {
    const session = await openPollingSession(server.url, auth(6));
    expect(await session.post(vote(LIMIT + 1))).toBe(413);
    expect(await session.ended()).toBe(true);
  });

  it('still serves everyone else', async () => {
    const phone = await server.connect('audience');
    expect(await phone.call('snapshot:get', {})).toMatchObject({ ok: true });
    expect(server.app.rejections.totals()['too-large']).toBeGreaterThanOrEqual(3);
  });
});
