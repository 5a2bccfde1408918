import { escapeHtml } from '../../compile/escape.ts';
import type { ThemeName } from '../../compile/manifest.ts';

export interface ShellOptions {
  title: string;
  theme: ThemeName;
  /** The language of the page's text. @defaultValue `en` */
  lang?: string;
  /** Classes on `<body>`, naming the page for the stylesheets. */
  bodyClass: string;
  /** Data attributes on `<body>` that the page script reads. */
  data?: Record<string, string>;
  body: string;
  /** The page's entry module, in lectern's own folder (e.g. `/src/deck/main.ts`). */
  script: string;
}

/**
 * Module URLs under this prefix name files in lectern's own folder, not in the talk folder that Vite
 * serves: the lectern plugin resolves them, wherever lectern is installed.
 */
export const LECTERN_MODULES = '/@lectern-module';

/** The HTML around every lectern page: no external resource, one module script that Vite bundles. */
export function pageShell(options: ShellOptions): string {
  const data = Object.entries(options.data ?? {})
    .map(([key, value]) => ` data-${key}="${escapeHtml(value)}"`)
    .join('');
  return `<!doctype html>
<html lang="${escapeHtml(options.lang ?? 'en')}" data-theme="${options.theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(options.title)}</title>
<link rel="icon" href="data:,">
</head>
<body class="${options.bodyClass}"${data}>
${options.body}
<script type="module" src="${LECTERN_MODULES}${options.script}"></script>
</body>
</html>
`;
}
