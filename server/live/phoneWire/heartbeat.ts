/**
 * Finds dead phones: a phone that left the wifi without a close frame would otherwise hold its place
 * (and count in the audience) until the kernel gives up on the TCP connection, many minutes later.
 * Every `intervalMs` each phone gets `["ping"]`; one that has sent no frame at all `timeoutMs` later
 * is closed (nothing is counted: a dead phone did nothing wrong). One timer for all phones, not one
 * each, so 10,000 phones cost one timer.
 */
import { WIRE_PING_INTERVAL_MS, WIRE_PING_TIMEOUT_MS } from '../../../src/protocol.ts';
import type { WirePhone } from './wirePhone.ts';

export interface HeartbeatOptions {
  /** Time between two pings. @defaultValue 25000 (socket.io's `pingInterval`) */
  intervalMs?: number;
  /** A phone silent this long after a ping is closed; below `intervalMs`. @defaultValue 20000 */
  timeoutMs?: number;
}

/** Pings every phone `phones()` lists, and closes the silent ones; `close()` stops it. */
export function startHeartbeat(phones: () => Iterable<WirePhone>, options: HeartbeatOptions = {}): { close(): void } {
  const intervalMs = options.intervalMs ?? WIRE_PING_INTERVAL_MS;
  const timeoutMs = Math.min(options.timeoutMs ?? WIRE_PING_TIMEOUT_MS, intervalMs);
  let timer: NodeJS.Timeout;

  const ping = (): void => {
    for (const phone of phones()) phone.ping();
    timer = setTimeout(check, timeoutMs).unref();
  };
  const check = (): void => {
    for (const phone of phones()) if (!phone.alive) phone.socket.terminate();
    timer = setTimeout(ping, intervalMs - timeoutMs).unref();
  };
  timer = setTimeout(ping, intervalMs).unref();
  return {
    close: () => clearTimeout(timer),
  };
}
