/**
 * The address phones in the room can reach: the laptop's LAN IPv4, never localhost.
 */
import os from 'node:os';

/** Container bridges and VPN tunnels are not where the room's wifi is. */
const UNLIKELY = /^(docker|br-|veth|virbr|vmnet|vboxnet|utun|tun|tap|wg|zt|tailscale|lo)/i;

export function lanAddress(interfaces = os.networkInterfaces()): string | null {
  const candidates: { name: string; address: string }[] = [];
  for (const [name, addresses] of Object.entries(interfaces)) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.')) {
        candidates.push({ name, address: a.address });
      }
    }
  }
  const likely = candidates.find((c) => !UNLIKELY.test(c.name)) ?? candidates[0];
  return likely?.address ?? null;
}

/**
 * The origin to print and to put in QR codes. A server bound to one address is reached there; bound
 * to all interfaces, at the LAN address.
 */
export function publicOrigin(host: string | undefined, port: number): { origin: string; reachable: boolean } {
  const bound = host && host !== '0.0.0.0' && host !== '::' ? host : null;
  const address = bound ?? lanAddress();
  const reachable = address !== null && !/^(127\.|localhost$|::1$)/.test(address);
  const name = address ?? '127.0.0.1';
  return { origin: `http://${name.includes(':') ? `[${name}]` : name}:${port}`, reachable };
}
