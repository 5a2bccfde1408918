/**
 * The page's localStorage, or null where reading it throws (storage disabled, some private modes):
 * whatever a page keeps there then lasts as long as the page.
 */
export function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
