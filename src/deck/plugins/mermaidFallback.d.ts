/** Provided by lectern's Vite plugin (src/build/vitePlugin.ts): Mermaid's bundle URL, or null when every diagram was drawn at build time. */
declare module 'virtual:lectern/mermaid-fallback' {
  const url: string | null;
  export default url;
}
