import { THEMES, type ThemeName } from '../compile/manifest.ts';

/** `?theme=light` (or dark, contrast) overrides the deck's theme, e.g. on a weak projector. */
export function applyThemeOverride(search = location.search): ThemeName | null {
  const wanted = new URLSearchParams(search).get('theme');
  if (!wanted || !(THEMES as readonly string[]).includes(wanted)) return null;
  document.documentElement.dataset.theme = wanted;
  return wanted as ThemeName;
}
