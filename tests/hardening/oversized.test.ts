/**
 * Hardening check 7 (oversized messages): a message over the size limit (16 KiB) closes that socket, whatever the transport or frame
 * type, and the server carries on. Memory under a stream of them is measured in the stress run.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lectern, startLectern } from '../helpers/lectern.ts';
import { openWire } from '../helpers/wire.ts';
import { openPollingSession } from './harness/polling.ts';

const LIMIT = 16 * 1024;
let server: Lectern;
const auth = (n: number) => ({
  deck: server.deck,
  role: 'audience',
  clientId: `oversized-${String(n).padStart(4, '0')}`,
});

beforeAll(async () => {
  server = await startLectern();
});
afterAll(async () => {
  await server?.close();
});

const vote = (pad: number) => `42${JSON.stringify(['vote', { pollId: 'q1', choice: 0, pad: 'x'.repeat(pad) }])}`;

describe('oversized messages', () => {
  it('keeps a socket whose message is just under the limit (refused as a payload, not closed)', async () => {
    const raw = await openWire(server.url, { mode: 'raw', auth: auth(1) });
    raw.frame(`4211${JSON.stringify(['vote', { pollId: 'q1', choice: 0, pad: 'x'.repeat(LIMIT - 100) }])}`);
    await raw.until((frames) => frames.some((f) => f.startsWith('4311[{"ok":false,"error":"invalid-payload"}]')));
    expect(await raw.stillServes()).toBe(true);
    raw.close();
  });

  it('closes a socket sending one text message over the limit', async () => {
    const raw = await openWire(server.url, { mode: 'raw', auth: auth(2) });
    raw.frame(vote(LIMIT + 1));
    expect(await raw.ended()).toBe(true);
  });

  it('closes a socket sending a binary attachment over the limit', async () => {
    const raw = await openWire(server.url, { mode: 'raw', auth: auth(3) });
    raw.frame('451-["vote",{"_placeholder":true,"num":0}]');
    raw.frame(Buffer.alloc(LIMIT + 1));
    expect(await raw.ended()).toBe(true);
  });

  it('closes a socket whose message comes in small fragments adding up to over the limit', async () => {
    // ws sends fragments with `fin: false`; the size limit applies to the whole message.
    const raw = await openWire(server.url, { mode: 'raw', auth: auth(4) });
    const chunk = 'x'.repeat(1024);
    raw.frame('42["vote",{"pad":"', { fin: false });
    for (let i = 0; i < 20; i++) raw.frame(chunk, { fin: false });
    raw.frame('"}]', { fin: true });
    expect(await raw.closed).toBe(1009);
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
