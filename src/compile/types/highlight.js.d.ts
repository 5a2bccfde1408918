/**
 * The part of highlight.js the compile step uses. highlight.js's own types pull in the DOM's
 * (`/// <reference lib="dom" />`), which the pure core must not see; tsconfig.core.json maps the
 * package's types here. At run time the import is the real package.
 */
declare const hljs: {
  getLanguage(name: string): object | undefined;
  highlight(code: string, options: { language: string; ignoreIllegals?: boolean }): { value: string };
};
export default hljs;
