/**
 * Questions src/build/layout/measureDeck.ts asks a deck page it opened. Each is handed to
 * `page.evaluate` (or `waitForFunction`), so each stands alone: no imports at run time, no closures.
 */

/** reveal has started, or the page is the dev server's error page (no `.reveal`): either way, done waiting. */
export function deckSettled(): boolean {
  return (
    !!(window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady() || !document.querySelector('.reveal')
  );
}

/** The page shows a deck, rather than the dev server's error page for a deck that does not compile. */
export function showsDeck(): boolean {
  return !!document.querySelector('.reveal');
}

export async function fontsLoaded(): Promise<void> {
  await document.fonts.ready;
}

/** The theme the page shows (`<html data-theme>`). */
export function shownTheme(): string | undefined {
  return document.documentElement.dataset.theme;
}
