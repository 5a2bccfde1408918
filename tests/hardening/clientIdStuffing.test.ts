/**
 * Hardening check 8 (client-id stuffing): minting client ids to stuff a poll is capped per network address (50 a deck by default),
 * the limit of anonymous voting the README describes. Ids already admitted always come back, other
 * addresses have their own allowance, and this machine (loopback) is not counted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clientAddress, createPhoneCap, networkOf } from '../../server/access/phoneCap.ts';
import { DEFAULT_MAX_PHONES_PER_IP } from '../../server/app.ts';
import { type Lectern, startLectern } from '../helpers/lectern.ts';
import { recordFigure } from './harness/figures.ts';

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
  let server: Lectern | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(trustProxy: boolean): Promise<Lectern> {
    server = await startLectern({ store: 'memory', trustProxy });
    return server;
  }

  /** Connects one phone from `from` (an X-Forwarded-For value), votes, and says how it went. */
  async function phoneVotes(server: Lectern, clientId: string, from?: string): Promise<'voted' | string> {
    const phone = await server
      .connect('audience', { clientId, headers: from ? { 'X-Forwarded-For': from } : {} })
      .catch((error: Error) => error);
    if (phone instanceof Error) return phone.message;
    try {
      const reply = await phone.call('vote', { pollId: 'q1', choice: 0 });
      return reply.ok ? 'voted' : reply.error;
    } finally {
      phone.close();
    }
  }

  async function openPoll(server: Lectern): Promise<void> {
    const presenter = await server.connect('presenter');
    await presenter.call('poll:open', { pollId: 'q1' });
    presenter.close();
  }

  const voters = () => server!.app.decks.get(server!.deck)!.talk.stats('presenter').tallies.q1!.voters;

  it(`one address minting 200 ids casts ${DEFAULT_MAX_PHONES_PER_IP} ballots; the rest are refused at the door`, async () => {
    const room = await start(true);
    await openPoll(room);
    const outcomes: string[] = [];
    for (let i = 0; i < 200; i++)
      outcomes.push(await phoneVotes(room, `minted-id-${String(i).padStart(5, '0')}`, '10.0.0.7'));
    expect(outcomes.filter((o) => o === 'voted')).toHaveLength(DEFAULT_MAX_PHONES_PER_IP);
    expect(outcomes.filter((o) => o === 'too-many-phones')).toHaveLength(200 - DEFAULT_MAX_PHONES_PER_IP);
    expect(voters()).toBe(DEFAULT_MAX_PHONES_PER_IP);

    // An admitted phone comes back; an address it did not use up has its own allowance; a forged
    // X-Forwarded-For entry before the proxy's own does not help.
    expect(await phoneVotes(room, 'minted-id-00000', '10.0.0.7')).toBe('voted');
    expect(await phoneVotes(room, 'neighbour-phone-01', '10.0.0.8')).toBe('voted');
    expect(await phoneVotes(room, 'minted-id-09999', '10.0.0.99, 10.0.0.7')).toBe('too-many-phones');
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
    const room = await start(false);
    await openPoll(room);
    for (let i = 0; i < DEFAULT_MAX_PHONES_PER_IP + 10; i++) {
      expect(await phoneVotes(room, `local-window-${String(i).padStart(4, '0')}`, '10.0.0.7')).toBe('voted');
    }
  });
});
