/**
 * Minting client ids to stuff a poll is capped per network address (50 a deck by default),
 * the limit of anonymous voting the README describes. Ids already admitted always come back, other
 * addresses have their own allowance, and this machine (loopback) is not counted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { clientAddress, createPhoneCap, networkOf } from '../../server/access/phoneCap.ts';
import { type App, createApp, DEFAULT_MAX_PHONES_PER_IP } from '../../server/app.ts';
import { silentLogger } from '../../server/log.ts';
import { createMemoryStore } from '../../server/store/memory.ts';
import { FIXTURE_DECK, writeFixtureDist } from '../server/fixtureDist.ts';
import { recordFigure } from './harness/figures.ts';

const TOKEN = 'stuffing-token';

describe('the phone cap, unit by unit', () => {
  it('counts an address by its IPv4, or its IPv6 /64, and never loopback', () => {
    expect(networkOf('192.168.1.23')).toBe('192.168.1.23');
    expect(networkOf('::ffff:192.168.1.23')).toBe('192.168.1.23');
    expect(networkOf('127.0.0.1')).toBeNull();
    expect(networkOf('::ffff:127.0.0.1')).toBeNull();
    expect(networkOf('::1')).toBeNull();
    expect(networkOf('2001:db8:aa:bb:1:2:3:4')).toBe('2001:db8:aa:bb::/64');
    expect(networkOf('2001:db8:aa:bb::99')).toBe('2001:db8:aa:bb::/64');
    expect(networkOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(networkOf(undefined)).toBeNull();
  });

  it('trusts only the last X-Forwarded-For entry, and only when told to', () => {
    const headers = { 'x-forwarded-for': '6.6.6.6, 10.0.0.7' };
    expect(clientAddress('127.0.0.1', headers, true)).toBe('10.0.0.7');
    expect(clientAddress('127.0.0.1', headers, false)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', {}, true)).toBe('127.0.0.1');
  });

  it('admits up to the cap of new ids per address and deck, and every admitted id again', () => {
    const cap = createPhoneCap(3);
    expect(['a', 'b', 'c', 'd'].map((id) => cap.admit('deck', '10.0.0.7', id))).toEqual([true, true, true, false]);
    expect(cap.admit('deck', '10.0.0.7', 'a')).toBe(true);
    expect(cap.admit('deck', '10.0.0.8', 'd')).toBe(true);
    expect(cap.admit('other-deck', '10.0.0.7', 'd')).toBe(true);
    expect(cap.admit('deck', null, 'z')).toBe(true);
    expect(createPhoneCap(0).admit('deck', '10.0.0.7', 'e')).toBe(true);
  });
});

describe('stuffing a poll over the wire', () => {
  let app: App | undefined;
  let dir = '';
  afterEach(async () => {
    await app?.close();
    app = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function start(trustProxy: boolean): Promise<string> {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-stuffing-'));
    app = await createApp({
      store: createMemoryStore(),
      presenterToken: TOKEN,
      distDir: writeFixtureDist(dir),
      log: silentLogger,
      trustProxy,
    });
    await new Promise<void>((resolve) => app!.httpServer.listen(0, '127.0.0.1', resolve));
    const address = app.httpServer.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  /** Connects one phone from `from` (an X-Forwarded-For value), votes, and says how it went. */
  async function phoneVotes(url: string, clientId: string, from?: string): Promise<'voted' | string> {
    const socket = io(url, {
      auth: { deck: FIXTURE_DECK, role: 'audience', clientId },
      transports: ['websocket'],
      extraHeaders: from ? { 'X-Forwarded-For': from } : {},
      reconnection: false,
      forceNew: true,
    });
    try {
      return await new Promise<string>((resolve) => {
        socket.once('connect_error', (error) => resolve(error.message));
        socket.once('snapshot', async () => {
          const reply = await socket.emitWithAck('vote', { pollId: 'q1', choice: 0 });
          resolve(reply.ok ? 'voted' : reply.error);
        });
      });
    } finally {
      socket.disconnect();
    }
  }

  async function openPoll(url: string): Promise<void> {
    const presenter = io(url, {
      auth: { deck: FIXTURE_DECK, role: 'presenter', clientId: 'presenter-01', token: TOKEN },
      transports: ['websocket'],
    });
    await presenter.emitWithAck('poll:open', { pollId: 'q1' });
    presenter.disconnect();
  }

  const voters = () => app!.decks.get(FIXTURE_DECK)!.talk.stats('presenter').tallies.q1!.voters;

  it(`one address minting 200 ids casts ${DEFAULT_MAX_PHONES_PER_IP} ballots; the rest are refused at the door`, async () => {
    const url = await start(true);
    await openPoll(url);
    const outcomes: string[] = [];
    for (let i = 0; i < 200; i++)
      outcomes.push(await phoneVotes(url, `minted-id-${String(i).padStart(5, '0')}`, '10.0.0.7'));
    expect(outcomes.filter((o) => o === 'voted')).toHaveLength(DEFAULT_MAX_PHONES_PER_IP);
    expect(outcomes.filter((o) => o === 'too-many-phones')).toHaveLength(200 - DEFAULT_MAX_PHONES_PER_IP);
    expect(voters()).toBe(DEFAULT_MAX_PHONES_PER_IP);

    // An admitted phone comes back; an address it did not use up has its own allowance; a forged
    // X-Forwarded-For entry before the proxy's own does not help.
    expect(await phoneVotes(url, 'minted-id-00000', '10.0.0.7')).toBe('voted');
    expect(await phoneVotes(url, 'neighbour-phone-01', '10.0.0.8')).toBe('voted');
    expect(await phoneVotes(url, 'minted-id-09999', '10.0.0.99, 10.0.0.7')).toBe('too-many-phones');
    expect(voters()).toBe(DEFAULT_MAX_PHONES_PER_IP + 1);
    recordFigure({
      item: '8. Client-id stuffing',
      mode: 'SQLite',
      rule: 'minting client ids is limited per IP (documented as the limit of anonymous voting)',
      measured: `200 ids minted from one address: ${DEFAULT_MAX_PHONES_PER_IP} ballots, 150 refused at the handshake (too-many-phones); admitted ids return; another address unaffected; forged X-Forwarded-For ignored`,
      pass: true,
    });
  });

  it('does not count this machine (loopback), nor believe X-Forwarded-For unless told to', async () => {
    const url = await start(false);
    await openPoll(url);
    for (let i = 0; i < DEFAULT_MAX_PHONES_PER_IP + 10; i++) {
      expect(await phoneVotes(url, `local-window-${String(i).padStart(4, '0')}`, '10.0.0.7')).toBe('voted');
    }
  });
});
