/**
 * Turns the untyped replies of the Lua scripts into values, failing loudly on anything unexpected
 * rather than letting a malformed reply become a wrong tally.
 */

export type Reply = unknown;

export function list(reply: Reply, what: string): Reply[] {
  if (!Array.isArray(reply)) throw new Error(`redis: expected a list for ${what}, got ${JSON.stringify(reply)}`);
  return reply;
}

export function integer(reply: Reply, what: string): number {
  const value = typeof reply === 'string' ? Number(reply) : reply;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new Error(`redis: expected an integer for ${what}, got ${JSON.stringify(reply)}`);
  }
  return value;
}

/** A string, or null for a missing field (Lua `false` arrives as null). */
export function optionalText(reply: Reply, what: string): string | null {
  if (reply === null || reply === undefined) return null;
  if (typeof reply === 'string') return reply;
  if (typeof reply === 'number') return String(reply);
  throw new Error(`redis: expected a string for ${what}, got ${JSON.stringify(reply)}`);
}

/** A flat `[field, value, field, value, …]` hash reply as pairs. */
export function pairs(reply: Reply, what: string): [string, string][] {
  const flat = list(reply, what);
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    out.push([optionalText(flat[i], what) ?? '', optionalText(flat[i + 1], what) ?? '']);
  }
  return out;
}

/** A hash of integer fields to integer counts, as an array of `size` counts (fields outside 0..size-1 dropped). */
export function countsByIndex(reply: Reply, size: number, what: string, firstIndex = 0): number[] {
  const counts = new Array<number>(size).fill(0);
  for (const [field, value] of pairs(reply, what)) {
    const index = integer(field, what) - firstIndex;
    if (index >= 0 && index < size) counts[index] = integer(value, what);
  }
  return counts;
}
