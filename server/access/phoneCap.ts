/**
 * The limit of anonymous voting: a phone is a random id it makes up itself, so one device could mint
 * ids to vote many times. This caps the distinct ids one network address brings to a deck. On the
 * laptop's LAN every phone has its own address, and a person with a spare phone or two is far below the
 * cap; a script minting ids from one laptop hits it. Ids already admitted always come back (reconnects,
 * a second tab), and the cap forgets nothing until the server restarts.
 *
 * Loopback is not counted: it is this machine (the speaker's own windows, the tests, a local proxy).
 * Behind a reverse proxy every phone has the proxy's address; with `trustProxy` the address is the one
 * the proxy appended to `X-Forwarded-For`.
 */
import type http from 'node:http';

export interface PhoneCap {
  /** Whether this id may join the deck from this address; remembers it if so. */
  admit(deck: string, address: string | null, clientId: string): boolean;
}

/** @param maxPerAddress distinct client ids per address and deck; 0 turns the cap off. */
export function createPhoneCap(maxPerAddress: number): PhoneCap {
  /** `${deck}\n${network}` → ids admitted. */
  const seen = new Map<string, Set<string>>();
  return {
    admit(deck, address, clientId) {
      if (maxPerAddress <= 0 || address === null) return true;
      const key = `${deck}\n${address}`;
      let ids = seen.get(key);
      if (!ids) {
        ids = new Set();
        seen.set(key, ids);
      }
      if (ids.has(clientId)) return true;
      if (ids.size >= maxPerAddress) return false;
      ids.add(clientId);
      return true;
    },
  };
}

/**
 * The address a phone's ids are counted under, or null for loopback. IPv4 as is (`::ffff:` mapped
 * included); IPv6 by its /64, the block one device configures its addresses in (privacy extensions
 * hand a phone a new address in it every day, and a host can take any address of it).
 */
export function networkOf(address: string | undefined): string | null {
  if (!address) return null;
  const v4 = /^(?:::ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (v4) return v4.startsWith('127.') ? null : v4;
  const groups = expandIpv6(address.split('%')[0]!);
  if (!groups) return address;
  if (groups.every((g, i) => g === (i === 7 ? 1 : 0))) return null;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** `fe80::1` → eight 16-bit groups, or null when it is not an IPv6 address. */
function expandIpv6(address: string): number[] | null {
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) =>
    part === '' ? [] : part.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? head.length !== 8 : missing < 1) return null;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.some(Number.isNaN) ? null : groups;
}

/**
 * The phone's address: the connection's peer, or with `trustProxy` the last `X-Forwarded-For` entry
 * (the one the proxy added; entries before it are whatever the client sent and prove nothing).
 */
export function clientAddress(
  peer: string | undefined,
  headers: http.IncomingHttpHeaders,
  trustProxy: boolean,
): string | undefined {
  if (!trustProxy) return peer;
  const forwarded = headers['x-forwarded-for'];
  const list = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.at(-1) ?? peer;
}
