/**
 * Raw HTML written in a deck. By default it is rebuilt from an allow-list: no scripts, no event
 * handlers, no `javascript:` URLs, nothing that could act on a phone that opened the deck; what is
 * removed is named so the author can see it. `html: trusted` in the frontmatter keeps it as written.
 * Either way its media (`<img>`, `<video>`, `<audio>`, `<source>`, `<track>`) point at files in the
 * deck folder, which the build checks and bundles like Markdown images.
 */
import { Parser } from 'htmlparser2';
import { escapeHtml } from './escape.ts';

/** Elements kept, with the attributes each may carry besides the global ones. */
const ALLOWED: Record<string, readonly string[]> = {
  a: ['href', 'target', 'rel'],
  abbr: [],
  b: [],
  bdi: [],
  bdo: [],
  blockquote: ['cite'],
  br: [],
  caption: [],
  cite: [],
  code: [],
  col: ['span'],
  colgroup: ['span'],
  dd: [],
  del: ['cite', 'datetime'],
  details: ['open'],
  dfn: [],
  div: [],
  dl: [],
  dt: [],
  em: [],
  figcaption: [],
  figure: [],
  h1: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  hr: [],
  i: [],
  img: ['src', 'alt', 'width', 'height', 'loading', 'decoding'],
  ins: ['cite', 'datetime'],
  kbd: [],
  li: ['value'],
  mark: [],
  ol: ['start', 'reversed', 'type'],
  p: [],
  picture: [],
  pre: [],
  q: ['cite'],
  s: [],
  samp: [],
  small: [],
  source: ['src', 'type', 'media'],
  span: [],
  strong: [],
  sub: [],
  summary: [],
  sup: [],
  table: [],
  tbody: [],
  td: ['colspan', 'rowspan', 'headers'],
  tfoot: [],
  th: ['colspan', 'rowspan', 'headers', 'scope', 'abbr'],
  thead: [],
  time: ['datetime'],
  tr: [],
  track: ['src', 'kind', 'srclang', 'label', 'default'],
  u: [],
  ul: [],
  var: [],
  video: ['src', 'poster', 'controls', 'autoplay', 'muted', 'loop', 'playsinline', 'preload', 'width', 'height'],
  audio: ['src', 'controls', 'autoplay', 'muted', 'loop', 'preload'],
  wbr: [],
};

/** Attributes any kept element may carry: none of them can run anything. */
const GLOBAL_ATTRIBUTES = new Set(['class', 'id', 'title', 'lang', 'dir', 'style', 'role', 'hidden', 'tabindex']);

/** Elements removed together with what they hold: their content is code, or a page of its own. */
const DROPPED_WITH_CONTENT = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'noscript',
  'template',
  'svg',
  'math',
  'textarea',
  'select',
  'title',
  'head',
]);

const VOID = new Set(['br', 'col', 'hr', 'img', 'source', 'track', 'wbr', 'input', 'meta', 'link', 'area', 'base']);

/** Elements whose files the build bundles, and the attributes that name them. */
export const MEDIA_ATTRIBUTES: Record<string, readonly string[]> = {
  img: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  source: ['src'],
  track: ['src'],
};

/** Link URLs kept: within the page or the site, the web, mail. Anything else (`javascript:`, `data:`) goes. */
const SAFE_URL = /^(?:[a-z][a-z0-9+.-]*:)?/i;
const SAFE_SCHEMES = new Set(['', 'http:', 'https:', 'mailto:']);

/** Browsers drop control characters and spaces inside a scheme (`java\tscript:`), so the check does too. */
function withoutControls(value: string): string {
  return Array.from(value)
    .filter((char) => char.charCodeAt(0) > 0x20 && char.charCodeAt(0) !== 0x7f)
    .join('');
}

function urlIsSafe(value: string): boolean {
  const cleaned = withoutControls(value);
  const scheme = SAFE_URL.exec(cleaned)![0].toLowerCase();
  return SAFE_SCHEMES.has(scheme);
}

export interface RawHtmlOptions {
  /** Keep only the allow-list (true), or keep the HTML as written (false, `html: trusted`). */
  safe: boolean;
  /**
   * An html_inline token is one tag: its element's other half is in another token, so nothing is
   * closed for it.
   */
  inline: boolean;
  /** The URL a media file's `src` becomes (checked and bundled by the caller); throws for one that is refused. */
  media: (url: string, element: string) => string;
}

export interface RawHtmlResult {
  html: string;
  /** What the allow-list removed, as the author would look for it: `<script>`, `onclick on <img>`. */
  removed: string[];
  /** Set when this piece opened an element whose content is removed (`<script>` in an inline token). */
  opensDropped?: string;
}

function attributesHtml(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([name, value]) => (value === '' ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`))
    .join('');
}

/** Rewrites a piece of raw HTML (a block, or one inline tag); see the module comment. */
export function processRawHtml(html: string, options: RawHtmlOptions): RawHtmlResult {
  const removed: string[] = [];
  const note = (what: string) => {
    if (!removed.includes(what)) removed.push(what);
  };
  // A lone closing tag (an inline token) is not reported by the parser, which has nothing open.
  const lone = /^<\/([A-Za-z][A-Za-z0-9-]*)\s*>$/.exec(html.trim());
  if (lone) {
    const name = lone[1]!.toLowerCase();
    if (!options.safe || (ALLOWED[name] && !DROPPED_WITH_CONTENT.has(name))) return { html, removed };
    return { html: '', removed };
  }

  let out = '';
  let copiedUpTo = 0;
  /** Trusted HTML is copied as written, but for the media tags whose URLs are rewritten. */
  const replaceSpan = (start: number, end: number, text: string) => {
    out += html.slice(copiedUpTo, start) + text;
    copiedUpTo = end + 1;
  };
  let dropping: { name: string; depth: number } | null = null;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const media = MEDIA_ATTRIBUTES[name];
        const mediaAttributes = (kept: Record<string, string>) => {
          for (const attribute of media ?? []) {
            const value = kept[attribute];
            if (value !== undefined && value !== '') kept[attribute] = options.media(value, name);
          }
          return kept;
        };
        if (!options.safe) {
          if (media?.some((attribute) => attributes[attribute]))
            replaceSpan(
              parser.startIndex,
              parser.endIndex,
              `<${name}${attributesHtml(mediaAttributes({ ...attributes }))}>`,
            );
          return;
        }
        if (dropping) {
          if (name === dropping.name) dropping.depth++;
          return;
        }
        if (DROPPED_WITH_CONTENT.has(name)) {
          note(`<${name}>`);
          if (!VOID.has(name)) dropping = { name, depth: 1 };
          return;
        }
        const allowed = ALLOWED[name];
        if (!allowed) {
          note(`<${name}>`);
          return;
        }
        const kept: Record<string, string> = {};
        for (const [attribute, value] of Object.entries(attributes)) {
          const lower = attribute.toLowerCase();
          if (lower.startsWith('on')) note(`${lower} on <${name}>`);
          else if (!(GLOBAL_ATTRIBUTES.has(lower) || lower.startsWith('aria-') || allowed.includes(lower)))
            note(`${lower} on <${name}>`);
          else if (['href', 'cite'].includes(lower) && !urlIsSafe(value))
            note(`a ${withoutControls(value).split(':')[0]!.toLowerCase()}: URL in <${name} ${lower}>`);
          else kept[lower] = value;
        }
        if (name === 'a' && kept.target === '_blank') kept.rel = 'noopener noreferrer';
        out += `<${name}${attributesHtml(mediaAttributes(kept))}>`;
      },
      ontext(text) {
        if (!options.safe || dropping) return;
        out += escapeHtml(text);
      },
      onclosetag(name, implied) {
        if (!options.safe) return;
        if (dropping) {
          // In an inline token the element's end is in a later token: it stays open here.
          if (implied && options.inline) return;
          if (name === dropping.name && --dropping.depth === 0) dropping = null;
          return;
        }
        if (!ALLOWED[name] || VOID.has(name)) return;
        // An inline token holds one tag: the element closes in a later token, not here.
        if (implied && options.inline) return;
        out += `</${name}>`;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  if (!options.safe) return { html: out + html.slice(copiedUpTo), removed };
  // Set by the parser's callbacks, which TypeScript cannot follow.
  const stillOpen = dropping as { name: string } | null;
  return { html: out, removed, ...(stillOpen && options.inline ? { opensDropped: stillOpen.name } : {}) };
}

/** `</script>` and the like: the tag that ends an element opened by `opensDropped`. */
export function closesDropped(html: string, name: string): boolean {
  return new RegExp(`^</${name}\\s*>$`, 'i').test(html.trim());
}

/** How the build reports what the allow-list removed from one piece of HTML. */
export function describeRemoved(removed: readonly string[]): string {
  return `raw HTML removed: ${removed.join(', ')} (decks keep an allow-list of HTML; \`html: trusted\` in the frontmatter keeps it as written)`;
}
