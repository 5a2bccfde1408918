/**
 * Moves a built page's stylesheets ahead of its module scripts in `<head>`. A phone on HTTP/1.1 opens
 * at most six connections to the laptop; the phone page asks for seven scripts and three stylesheets,
 * and Vite lists the scripts first, so a stylesheet could wait for a second round trip. The scripts are
 * modules (deferred, never blocking a paint) but the stylesheets block it: with them asked for first,
 * the live card the server drew into the page (server/http/joinPage.ts) paints without waiting for them.
 */
const STYLESHEET = /[ \t]*<link rel="stylesheet"[^>]*>\n?/g;
const FIRST_MODULE_SCRIPT = /[ \t]*<script type="module"/;

export function stylesheetsFirst(html: string): string {
  const headEnd = html.indexOf('</head>');
  if (headEnd < 0) return html;
  const head = html.slice(0, headEnd);
  const firstScript = FIRST_MODULE_SCRIPT.exec(head);
  const sheets = head.match(STYLESHEET) ?? [];
  if (!firstScript || sheets.length === 0 || head.search(STYLESHEET) < firstScript.index) return html;
  const withoutSheets = head.replace(STYLESHEET, '');
  const at = withoutSheets.search(FIRST_MODULE_SCRIPT);
  return `${withoutSheets.slice(0, at)}${sheets.map((sheet) => (sheet.endsWith('\n') ? sheet : `${sheet}\n`)).join('')}${withoutSheets.slice(at)}${html.slice(headEnd)}`;
}
