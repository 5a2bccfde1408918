/**
 * What an attacker on the venue's wifi meets before joining: the host and origin checks at the
 * engine.io handshake, the per-address cap on sessions that have not joined, their closing, and the
 * backoff on wrong presenter tokens (WebSocket and the results download). A phone stands for its own
 * address through `X-Forwarded-For` (the server trusts the proxy header here, as behind nginx), since
 * every test client is on loopback, which is not counted.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SECURITY_HEADERS } from '../../server/http/securityHeaders.ts';
import type { Logger } from '../../server/log.ts';
import { eventually, type Lectern, newClientId, startLectern } from '../helpers/lectern.ts';
import { Wire } from '../helpers/wire.ts';
import { FIXTURE_DECK } from './fixtureDist.ts';

let server: Lectern;
afterEach(async () => {
  await server?.close();
});

/** One long-polling handshake from `from`; resolves with the status and body. */
async function pollingHandshake(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Headers }> {
  const response = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

/** A raw GET with a `Host` of our choosing (fetch will not send a foreign one). */
function getWithHost(
  url: string,
  pathname: string,
  host: string,
  headers: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}${pathname}`, { headers: { Host: host, ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
}

describe('sessions that never join', () => {
  it('are capped per address, refused with 403 beyond it, counted in the summary line; other addresses still join', async () => {
    const lines: string[] = [];
    const log: Logger = { info: () => {}, warn: (line) => lines.push(line) };
    server = await startLectern({
      trustProxy: true,
      log,
      sessions: { maxUnjoinedPerAddress: 8, joinWithinMs: 60_000, refusalDelayMs: 0 },
    });
    const attacker = { 'X-Forwarded-For': '10.0.0.66' };
    const answers = [];
    for (let i = 0; i < 30; i += 1) answers.push(await pollingHandshake(server.url, attacker));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(8);
    expect(answers.filter((a) => a.status === 403 && a.body.includes('too-many-unjoined'))).toHaveLength(22);
    expect(server.app.sessions.unjoined).toBe(8);

    // A phone on another address joins at once, over long-polling as the phone page starts.
    const phone = await server.connect('audience', {
      headers: { 'X-Forwarded-For': '10.0.0.7' },
      transports: ['polling'],
    });
    expect(phone.snapshot.role).toBe('audience');
    expect(server.app.sessions.unjoined).toBe(8);

    await server.app.close();
    expect(lines.join('\n')).toMatch(/refused inputs \(\+22\): .*too-many-sessions=22/);
  });

  it('are closed when they have not joined within the time allowed, freeing their place', async () => {
    server = await startLectern({
      trustProxy: true,
      sessions: { maxUnjoinedPerAddress: 2, joinWithinMs: 300, refusalDelayMs: 0 },
    });
    const attacker = { 'X-Forwarded-For': '10.0.0.66' };
    const first = await pollingHandshake(server.url, attacker);
    expect(first.status).toBe(200);
    await pollingHandshake(server.url, attacker);
    expect((await pollingHandshake(server.url, attacker)).status).toBe(403);
    await eventually(() => server.app.sessions.unjoined === 0, 'unjoined sessions closed');
    expect(server.app.rejections.totals()['unjoined-closed']).toBe(2);
    // The session is gone: its id is unknown now.
    const sid = (JSON.parse(first.body.slice(1)) as { sid: string }).sid;
    const poll = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`);
    expect(poll.status).toBe(400);
    expect((await pollingHandshake(server.url, attacker)).status).toBe(200);
  });

  it('answers a refusal for the caps only after a pause, so a flooding loop waits instead of spinning', async () => {
    server = await startLectern({
      trustProxy: true,
      sessions: { maxUnjoinedPerAddress: 1, joinWithinMs: 60_000, refusalDelayMs: 500 },
    });
    const attacker = { 'X-Forwarded-For': '10.0.0.66' };
    expect((await pollingHandshake(server.url, attacker)).status).toBe(200);
    let answered = false;
    const refused = pollingHandshake(server.url, attacker).then((answer) => {
      answered = true;
      return answer;
    });
    // The sentinel: a handshake from another address, sent after the refused one, is answered first.
    expect((await pollingHandshake(server.url, { 'X-Forwarded-For': '10.0.0.67' })).status).toBe(200);
    expect(answered).toBe(false);
    expect((await refused).status).toBe(403);
  });

  it('a session that joins is not closed and no longer counts', async () => {
    server = await startLectern({ trustProxy: true, sessions: { maxUnjoinedPerAddress: 1, joinWithinMs: 300 } });
    const from = { 'X-Forwarded-For': '10.0.0.7' };
    const phone = await server.connect('audience', { headers: from, transports: ['polling'] });
    const second = await server.connect('audience', { headers: from, transports: ['polling'] });
    // The sentinel: a session opened after theirs that never joins is closed; their time to join ran out first.
    expect((await pollingHandshake(server.url, from)).status).toBe(200);
    await eventually(() => server.app.rejections.totals()['unjoined-closed'] === 1, 'the unjoined session closed');
    expect([phone.socket.connected, second.socket.connected]).toEqual([true, true]);
    expect(await phone.call('snapshot:get', {})).toMatchObject({ ok: true });
  });
});

describe('DNS rebinding and other origins', () => {
  it('answers only to its own host names: a rebinding page gets 421 for pages and 403 for the handshake', async () => {
    server = await startLectern();
    const port = new URL(server.url).port;
    const evil = `evil.example:${port}`;
    expect(await getWithHost(server.url, `/api/talks/${server.deck}`, evil)).toBe(421);
    expect(await getWithHost(server.url, `/api/talks/${server.deck}/results.json`, evil)).toBe(421);
    expect(
      await getWithHost(server.url, '/socket.io/?EIO=4&transport=polling', evil, { Origin: `http://${evil}` }),
    ).toBe(403);
    expect(server.app.rejections.totals()['bad-host']).toBe(3);
    // The server's own names still work.
    expect(await getWithHost(server.url, `/api/talks/${server.deck}`, `localhost:${port}`)).toBe(200);
    expect(await getWithHost(server.url, `/api/talks/${server.deck}`, `127.0.0.1:${port}`)).toBe(200);
  });

  it("refuses a no-cors request from another site's page (no Origin, Sec-Fetch-Site: cross-site)", async () => {
    server = await startLectern();
    expect((await pollingHandshake(server.url, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await pollingHandshake(server.url, { 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
  });

  it("socket.io's answers carry the security headers, refusals included", async () => {
    server = await startLectern();
    for (const answer of [
      await pollingHandshake(server.url),
      await pollingHandshake(server.url, { Origin: 'http://evil.example' }),
    ]) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(answer.headers.get(name), name).toBe(value);
    }
  });
});

describe('presenter token guessing', () => {
  const wrongTokenHandshake = async (url: string, from: string) => {
    const auth = { deck: FIXTURE_DECK, role: 'presenter', clientId: newClientId(), token: 'guess-0000' };
    const wire = new Wire(url, { mode: 'raw', auth, headers: { 'X-Forwarded-For': from } });
    await wire.open().then(
      () => wire.close(),
      () => undefined,
    );
    return wire.refused;
  };

  it('closes the connection after a wrong token, so one WebSocket cannot keep guessing', async () => {
    server = await startLectern();
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const auth = { deck: server.deck, role: 'presenter', clientId: newClientId(), token: 'guess-0000' };
    const refusals: string[] = [];
    ws.on('message', (data) => {
      const text = data.toString();
      if (text.startsWith('0')) for (let i = 0; i < 50; i += 1) ws.send(`40${JSON.stringify(auth)}`);
      if (text.startsWith('44')) refusals.push(text);
    });
    await new Promise((resolve) => ws.on('close', resolve));
    expect(refusals.length).toBeGreaterThan(0);
    expect(server.app.rejections.totals()['bad-token'] ?? 0).toBeLessThanOrEqual(5);
  });

  it('makes an address wait after 5 wrong tokens (WebSocket and results download share the count); others are unaffected', async () => {
    server = await startLectern({ trustProxy: true });
    const attacker = '10.0.0.66';
    const answers: (string | null)[] = [];
    for (let i = 0; i < 5; i += 1) answers.push(await wrongTokenHandshake(server.url, attacker));
    expect(answers).toEqual(Array(5).fill('bad-token'));
    expect(await wrongTokenHandshake(server.url, attacker)).toBe('slow-down');
    const download = await fetch(`${server.url}/api/talks/${server.deck}/results.json`, {
      headers: { Authorization: `Bearer ${server.token}`, 'X-Forwarded-For': attacker },
    });
    // Even the right token is not checked while the address waits.
    expect(download.status).toBe(429);
    expect(Number(download.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    // The speaker, elsewhere, is not held up.
    const presenter = await server.connect('presenter', { headers: { 'X-Forwarded-For': '10.0.0.2' } });
    expect(presenter.snapshot.role).toBe('presenter');
    expect(server.app.rejections.totals()).toMatchObject({ 'bad-token': 5, 'slow-down': 2 });
  });

  it('the results download: 401 for a wrong token, then 429 after 5', async () => {
    server = await startLectern();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const r = await fetch(`${server.url}/api/talks/${server.deck}/results.csv`, {
        headers: { Authorization: 'Bearer 1234' },
      });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });
});
