import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where Chrome-like browsers live on each platform, in the order they are tried. */
function candidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(Boolean) as string[];
    return roots.flatMap((root) => [
      join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
    ]);
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
  ];
}

export const NO_BROWSER_HELP =
  'no Chrome or Chromium found: install one (Debian/Ubuntu: `apt-get install chromium`) or point LECTERN_CHROME at its executable';

/**
 * The system browser lectern drives for diagrams and PDF export; lectern never downloads one.
 * `LECTERN_CHROME` wins when set, even when it names a missing file, so a wrong setting is
 * reported instead of silently ignored.
 */
export function findBrowser(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | null {
  if (env.LECTERN_CHROME) return existsSync(env.LECTERN_CHROME) ? env.LECTERN_CHROME : null;
  return candidates(platform, env).find((path) => existsSync(path)) ?? null;
}
