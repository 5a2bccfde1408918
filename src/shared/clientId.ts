import { CLIENT_ID_PATTERN } from '../protocol.ts';
import { safeLocalStorage } from './storage.ts';

const KEY = 'lectern:client-id';

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * This device's anonymous id: one ballot per id per poll, so it must survive reloads and sleep
 * (localStorage), yet say nothing about the person. Private browsing without storage gets a fresh id
 * per page load, which only means a reload can vote again.
 */
export function clientId(storage: Storage | null = safeLocalStorage()): string {
  const kept = storage?.getItem(KEY);
  if (kept && CLIENT_ID_PATTERN.test(kept)) return kept;
  const fresh = randomId();
  try {
    storage?.setItem(KEY, fresh);
  } catch {
    // Storage full or denied: the id lives as long as the page.
  }
  return fresh;
}
