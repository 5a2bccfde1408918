import { describe, expect, it } from 'vitest';
import { compileDeck } from '../../src/compile/compileDeck.ts';
import { DeckError } from '../../src/compile/errors.ts';

const FRONT = '---\ntitle: Fixture deck\nsubtitle: For tests\ntheme: light\n---\n';

/** The deck's markup without its source-line marks (asserted on their own below), so markup assertions read plainly. */
function compile(body: string, renderDiagram?: (source: string) => string | undefined) {
  const compiled = compileDeck(FRONT + body, { deckId: 'fixture', file: 'slides/fixture/deck.md', renderDiagram });
  return { ...compiled, html: compiled.html.replace(/ data-source-line="\d+"/g, ''), markedHtml: compiled.html };
}

/** The error a broken deck raises, as `file:line: reason`. */
function errorOf(body: string): DeckError {
  try {
    compile(body);
  } catch (error) {
    if (error instanceof DeckError) return error;
    throw error;
  }
  throw new Error('the deck compiled, but an error was expected');
}

const QUIZ = `::: quiz Which part stores the cluster's state?
- [ ] The scheduler
- [x] etcd
- [ ] The kubelet

Why: etcd is the only datastore; the API server is its one client.
:::`;

describe('source lines', () => {
  it('marks each block with the deck-file line it starts on, frontmatter included', () => {
    const { markedHtml } = compile(
      '# Title\n\nA paragraph.\n\n```js\nlet a = 1;\n```\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n- one\n- two\n\n::: callout\nMind this.\n:::\n',
    );
    expect(markedHtml).toContain('<h1 dir="auto" data-source-line="6">Title</h1>');
    expect(markedHtml).toContain('<p dir="auto" data-source-line="8">A paragraph.</p>');
    expect(markedHtml).toContain('<pre class="code" data-source-line="10">');
    expect(markedHtml).toContain('<table data-source-line="14">');
    expect(markedHtml).toContain('<ul data-source-line="18">');
    expect(markedHtml).toContain('<div class="callout callout-note" data-source-line="21">');
  });

  it('leaves speaker notes unmarked: they never reach the slide', () => {
    const { markedHtml } = compile('# Title\n\n::: notes\nSay hello.\n:::\n');
    expect(markedHtml).toContain('<aside class="notes">\n<p dir="auto">Say hello.</p>');
  });

  it('counts lines from the file, on a slide after others', () => {
    const { markedHtml } = compile('# One\n\n---\n\n## Two\n\n```mermaid\nflowchart LR\n  a --> b\n```\n');
    expect(markedHtml).toContain('<h2 dir="auto" data-source-line="10">Two</h2>');
    expect(markedHtml).toMatch(
      /<div class="diagram diagram-lazy" data-diagram="[0-9a-f]+" role="img" aria-label="[^"]+" data-source-line="12">/,
    );
  });
});

describe('slides', () => {
  it('cuts slides at --- and stacks slides at --', () => {
    const { manifest, html } = compile('# One\n\n---\n\n# Two\n\n--\n\n# Two below\n\n---\n\n# Three\n');
    expect(manifest.slides.map((s) => [s.h, s.v, s.title])).toEqual([
      [0, 0, 'One'],
      [1, 0, 'Two'],
      [1, 1, 'Two below'],
      [2, 0, 'Three'],
    ]);
    expect(manifest.slideCount).toBe(4);
    expect(html.match(/<section class="stack">/g)).toHaveLength(1);
  });

  it('leaves separators inside code fences alone', () => {
    const { manifest, html } = compile('# Yaml\n\n```yaml\n---\nkind: Pod\n--\n```\n');
    expect(manifest.slideCount).toBe(1);
    expect(html).toContain('kind');
  });

  it("puts notes in reveal's aside and counts fragments", () => {
    const { html, manifest } = compile(
      '# Build\n\n::: fragments\n- a\n- b\n:::\n\n::: fragment\nlast\n:::\n\n::: notes\nPause here.\n:::\n',
    );
    expect(html).toContain('<aside class="notes">\n<p dir="auto">Pause here.</p>\n</aside>');
    expect(html.match(/<li class="fragment" dir="auto">/g)).toHaveLength(2);
    expect(manifest.slides[0]!.fragments).toBe(3);
  });
});

describe('sections', () => {
  it('records titles and minutes and labels every slide of a section', () => {
    const { manifest, html } = compile(
      '::: cover\n# Talk\n:::\n\n---\n\n::: section 6 The control plane\n## Loops\n:::\n\n---\n\n## Detail\n\n---\n\n::: section 5 Operators\n## Nouns\n:::\n\n---\n\n::: section - Knowledge check\n## Quiz time\n:::\n',
    );
    expect(manifest.sections).toEqual([
      { number: 1, title: 'The control plane', minutes: 6, firstSlide: 1 },
      { number: 2, title: 'Operators', minutes: 5, firstSlide: 3 },
    ]);
    expect(manifest.minutes).toBe(11);
    expect(manifest.slides.map((s) => s.section)).toEqual([null, 1, 1, 2, null]);
    // The opener shows number, name and minutes large; the slides after it carry them in the kicker.
    expect(html).toContain(
      '<span class="opener-number">01<span class="opener-of">/02</span></span><span class="opener-name"><bdi>The control plane</bdi></span><span class="opener-minutes">6 min</span>',
    );
    expect(html).toContain(
      '<span class="kicker-text">01 · <bdi>The control plane</bdi> · 6 min</span><span class="section-counter">01/02</span>',
    );
    expect(html.match(/class="slide-kicker"/g)).toHaveLength(1);
    expect(html).toContain('<span class="opener-name"><bdi>Knowledge check</bdi></span>');
    expect(html).toContain('~11 min');
  });
});

describe('code', () => {
  it('highlights at build time and keeps stepped line highlights', () => {
    const { html, manifest } = compile('## Loop\n\n```go [1|2-3]\nfor {\n  x := 1\n  y := 2\n}\n```\n');
    expect(html).toContain('<code class="hljs language-go">');
    expect(html).toContain('<span class="hljs-keyword">for</span>');
    expect(html).toContain('data-line-steps="[[1],[2,3]]"');
    expect(html).toContain('<span class="line hl" data-line="1">');
    expect(html).toContain('<span class="line" data-line="2">');
    expect(html.match(/class="fragment code-step"/g)).toHaveLength(1);
    expect(manifest.slides[0]!.fragments).toBe(1);
  });

  it('keeps each line self-contained when a highlight spans lines', () => {
    const { html } = compile('## C\n\n```js\n/* one\ntwo */\nlet a = 1;\n```\n');
    const lines = html.match(/<span class="line[^"]*" data-line="\d+">.*?<\/span>(?=\n|<\/code>)/g) ?? [];
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.match(/<span/g)!.length).toBe(line.match(/<\/span>/g)!.length);
  });
});

describe('diagrams', () => {
  const diagram = '::: figure The API server is the only door.\n```mermaid\nflowchart LR\n  a --> b\n```\n:::\n';

  it('inlines the SVG the build rendered, with its caption', () => {
    const { html, diagrams } = compile(diagram, () => '<svg id="drawn"></svg>');
    expect(html).toMatch(
      /<figure class="figure">\n<div class="diagram" data-diagram="[0-9a-f]{16}" role="img" aria-label="[^"]+"><svg id="drawn"><\/svg><\/div>/,
    );
    expect(html).toContain('<figcaption dir="auto">The API server is the only door.</figcaption></figure>');
    expect(diagrams).toEqual([{ source: 'flowchart LR\n  a --> b', line: 7, captioned: true }]);
  });

  it('knows a diagram with no caption has the slide’s whole height', () => {
    const { diagrams } = compile(
      '::: figure\n```mermaid\nflowchart LR\n  a --> b\n```\n:::\n\n---\n\n```mermaid\nflowchart LR\n  c --> d\n```\n',
    );
    expect(diagrams.map((diagram) => diagram.captioned)).toEqual([false, false]);
  });

  it('leaves the source for lazy Mermaid when nothing was rendered', () => {
    const { html } = compile(diagram);
    expect(html).toContain('<div class="diagram diagram-lazy"');
    expect(html).toContain('<pre class="diagram-source">flowchart LR\n  a --&gt; b</pre>');
  });
});

describe('blocks', () => {
  it('renders definitions, callouts, cards with pro/con, the verdict line and rules', () => {
    const { html } = compile(`## Tools

::: definition Operator
A CRD plus a **controller**.
:::

::: callout warn
Back up etcd.
:::

:::: cards
::: card Istio | The full-featured mesh
Envoy-based.

Pro: the most capable.

Con: heavy.
:::
::: card Linkerd | The lightweight mesh
Rust proxy.
:::
::::

How to choose: control? Istio. Simplicity? Linkerd.

::: rules
1. **Loops.** All the way down.
:::
`);
    expect(html).toContain(
      '<dl class="definition"><dt dir="auto">Operator</dt><dd>\n<p dir="auto">A CRD plus a <strong>controller</strong>.</p>\n</dd></dl>',
    );
    expect(html).toContain('<div class="callout callout-warn">');
    expect(html).toContain(
      '<article class="card"><header><h3 dir="auto">Istio</h3><p class="card-tagline" dir="auto">The full-featured mesh</p></header>',
    );
    expect(html).toContain('<p class="pro" dir="auto"><strong>Pro:</strong> the most capable.</p>');
    expect(html).toContain('<p class="con" dir="auto"><strong>Con:</strong> heavy.</p>');
    expect(html).toContain('<p class="choose" dir="auto"><strong>How to choose:</strong> control? Istio.');
    expect(html).toContain('<div class="rules">\n<ol>');
  });

  it('rewrites relative images to the deck folder and lists them', () => {
    const { html, assets } = compile('## Pic\n\n![a lectern](./lectern.png)\n');
    expect(html).toContain('src="/slides/fixture/lectern.png"');
    expect(assets).toEqual([{ path: 'lectern.png', line: 8 }]);
  });
});

describe('quiz and rating', () => {
  it('puts choices in the page and the answer key only in the manifest', () => {
    const { html, manifest } = compile(`${QUIZ}\n\n---\n\n::: rating Rate this deck\n:::\n`);
    expect(manifest.polls).toEqual([
      {
        kind: 'quiz',
        id: 'q1',
        prompt: "Which part stores the cluster's state?",
        choices: ['The scheduler', 'etcd', 'The kubelet'],
        answer: 1,
        explanation: 'etcd is the only datastore; the API server is its one client.',
        slide: { h: 0, v: 0 },
      },
      { kind: 'rating', id: 'rating', prompt: 'Rate this deck', scale: 5, slide: { h: 1, v: 0 } },
    ]);
    expect(manifest.slides.map((s) => s.poll)).toEqual(['q1', 'rating']);
    expect(html).toContain('<div class="lectern-quiz" data-poll="q1">');
    expect(html).toContain('<li class="quiz-choice" data-choice="1" dir="auto">etcd</li>');
    expect(html).not.toContain('[x]');
    expect(html).not.toContain('Why:');
    expect(html).not.toContain('only datastore');
    expect(html.match(/class="rating-score"/g)).toHaveLength(5);
    // Whoever has results writes the summary (the live room, the deck read alone, the PDF's results):
    // a handout printed with none says nothing rather than "be the first".
    expect(html).toContain('<p class="rating-summary" aria-live="polite"></p>');
    expect(html).not.toContain('be the first');
  });

  it('makes the rating slide a closing slide: no kicker carried over from the section before it', () => {
    const { html } = compile(
      `::: section - Knowledge check\n## Did it stick?\n:::\n\n---\n\n${QUIZ}\n\n---\n\n## Thank you\n\n::: rating Rate this deck\n:::\n`,
    );
    const closing = /<section class="slide slide-poll slide-closing"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    expect(closing).toMatch(/^\n<h2 dir="auto">Thank you<\/h2>\n<div class="slide-body one-block">/);
    expect(closing).not.toContain('slide-kicker');
    // The quiz before it keeps the section's kicker.
    expect(html).toContain(
      '<header class="slide-kicker"><span class="kicker-text"><bdi>Knowledge check</bdi></span></header>',
    );
  });
});

describe('layout', () => {
  it("puts a slide's title on top and the rest in a body the theme centres under it", () => {
    const { html } = compile(
      '## One idea\n\n::: definition Control plane\nThe deciders.\n:::\n\n::: notes\nSay it slowly.\n:::\n\n---\n\n## Two things\n\nFirst.\n\nSecond.\n',
    );
    expect(html).toContain('<h2 dir="auto">One idea</h2>\n<div class="slide-body one-block">\n<dl class="definition">');
    // Notes stay out of the body, after it.
    expect(html).toMatch(/<\/dl>\n<\/div>\n<aside class="notes">/);
    expect(html).toContain('<h2 dir="auto">Two things</h2>\n<div class="slide-body blocks">\n<p dir="auto">First.</p>');
  });
});

describe('bidirectional text', () => {
  const rtl =
    '::: section 6 مستوى التحكم\n## الحلقة\n:::\n\n---\n\n## شريحة\n\nفقرة بالعربية.\n\n::: quiz أي مكون؟\n- [x] خادم الواجهة\n- [ ] المجدول\n\nWhy: لأنه.\n:::\n';

  it('isolates titles in the kicker and the opener, so an RTL title does not swallow the minutes', () => {
    const { html } = compile(rtl);
    expect(html).toContain('<span class="kicker-text">01 · <bdi>مستوى التحكم</bdi> · 6 min</span>');
    expect(html).toContain(
      '<span class="opener-name"><bdi>مستوى التحكم</bdi></span><span class="opener-minutes">6 min</span>',
    );
  });

  it('lets titles, paragraphs, prompts and choices take their own direction', () => {
    const { html } = compile(rtl);
    expect(html).toContain('<h2 dir="auto">شريحة</h2>');
    expect(html).toContain('<p dir="auto">فقرة بالعربية.</p>');
    expect(html).toContain('<p class="quiz-prompt" dir="auto">أي مكون؟</p>');
    expect(html).toContain('<li class="quiz-choice" data-choice="0" dir="auto">خادم الواجهة</li>');
  });

  it('lays a table out right to left when its first letter is, so its first column stands on the right', () => {
    const arabic = compile(
      '## مكونات\n\n| 1. **المكوّن** `kube` | الدور |\n| --- | --- |\n| المجدول | يختار عقدة |\n',
    ).html;
    expect(arabic).toContain('<table dir="rtl">');
    // Its cells still take their own direction: an English word in an Arabic table reads left to right.
    expect(arabic).toContain('<th dir="auto">الدور</th>');
    expect(arabic).toContain('<td dir="auto">المجدول</td>');
  });

  it('keeps an English table left to right in an Arabic deck, and an Arabic one right to left in an English deck', () => {
    const mixed = compile(
      '## شريحة\n\nفقرة بالعربية.\n\n| <b>Component</b> | الدور |\n| --- | --- |\n| etcd | المخزن |\n\n---\n\n## Parts\n\nIn English.\n\n| المكوّن | Role |\n| --- | --- |\n| المجدول | picks a node |\n',
    ).html;
    expect(mixed.match(/<table[^>]*>/g)).toEqual(['<table>', '<table dir="rtl">']);
    // A table with no letters at all (numbers only) follows the page.
    expect(compile('| 1 | 2 |\n| - | - |\n| 3 | 4 |\n').html).toContain('<table>');
  });

  it('gives raw HTML the same: its blocks their own direction, an Arabic table right-to-left columns', () => {
    const { html } = compile(
      '## مكونات\n\n<p>كل مكوّن يتحدث إلى خادم الواجهة.</p>\n\n<table>\n<tr><th>المكوّن</th><th>الدور</th></tr>\n</table>\n\n<table><tr><td>Component</td><td>الدور</td></tr></table>\n\n<table dir="ltr"><tr><td>المكوّن</td></tr></table>\n',
    );
    expect(html).toContain('<p dir="auto">كل مكوّن يتحدث إلى خادم الواجهة.</p>');
    expect(html).toContain('<table dir="rtl">\n<tr><th dir="auto">المكوّن</th><th dir="auto">الدور</th></tr>\n</table>');
    expect(html).toContain('<table><tr><td dir="auto">Component</td>');
    expect(html).toContain('<table dir="ltr"><tr><td>المكوّن</td></tr></table>');
  });
});

describe('errors name the file, the line and the reason', () => {
  it.each([
    ['an unknown block', '# A\n\n::: sidebar\ntext\n:::\n', 8, /unknown block "sidebar"/],
    ['a quiz with no right answer', QUIZ.replace('[x]', '[ ]'), 6, /exactly one right choice/],
    ['a quiz with two right answers', QUIZ.replace('[ ] The kubelet', '[x] The kubelet'), 9, /second `\[x\]`/],
    ['a quiz with one choice', '::: quiz Q?\n- [x] only\n\nWhy: because.\n:::\n', 6, /2 to 6 choices/],
    ['a quiz without an explanation', QUIZ.replace(/Why:.*\n/, ''), 6, /Why:/],
    ['an unterminated code fence', '# A\n\n```go\nfunc main() {}\n\n---\n\n# B\n', 8, /never closed/],
    ['an unclosed block', '# A\n\n::: callout\ntext\n', 8, /never closed/],
    ['malformed line highlights', '# A\n\n```go [1|x]\nfoo\n```\n', 8, /line highlights/],
    ['a remote image', '# A\n\n![x](https://example.com/x.png)\n', 8, /no internet/],
    ['a section with no minutes', '::: section The plane\n# A\n:::\n', 6, /minutes and a title/],
    ['a second rating', '::: rating A\n:::\n\n---\n\n::: rating B\n:::\n', 11, /at most one rating/],
    [
      'a section of 0 minutes',
      '# A\n\n---\n\n::: section 0 Intro\n# B\n:::\n',
      10,
      /whole number from 1 to 180, not 0$/,
    ],
    ['a section of 181 minutes', '::: section 181 Intro\n# B\n:::\n', 6, /from 1 to 180, not 181$/],
    [
      'a section of 10^20 minutes',
      '::: section 99999999999999999999 Intro\n# B\n:::\n',
      6,
      /not 99999999999999999999$/,
    ],
    ['a section of 6.5 minutes', '::: section 6.5 Intro\n# B\n:::\n', 6, /whole number from 1 to 180, not 6\.5$/],
    ['a deck of frontmatter only', '\n\n', 5, /this deck has no slides/],
  ])('%s', (_name, body, line, reason) => {
    const error = errorOf(body);
    expect(error.file).toBe('slides/fixture/deck.md');
    expect(error.line).toBe(line);
    expect(error.message).toMatch(reason);
    expect(error.message.startsWith(`slides/fixture/deck.md:${line}: `)).toBe(true);
  });

  it('an unknown frontmatter key, at its line, with the key it is nearest to', () => {
    const error = (() => {
      try {
        compileDeck('---\ntitle: T\nthme: light\n---\n# A\n', { deckId: 'x', file: 'x.md' });
      } catch (error) {
        return error as DeckError;
      }
      throw new Error('compiled');
    })();
    expect(error.message).toBe('x.md:3: unknown frontmatter key "thme"');
    expect(error.hint).toMatch(/^did you mean "theme"\? the keys are title, subtitle/);
  });

  it('a YAML error at its line in the file, not in the frontmatter', () => {
    expect(() =>
      compileDeck('---\ntitle: T\nsubtitle: a\n  kicker: b\n---\n# A\n', { deckId: 'x', file: 'x.md' }),
    ).toThrow(/^x\.md:4: frontmatter is not valid YAML: bad indentation of a mapping entry$/);
  });

  it('a deck without a title', () => {
    expect(() => compileDeck('---\ntheme: dark\n---\n# A\n', { deckId: 'x', file: 'x.md' })).toThrow(
      /x\.md:2: frontmatter title/,
    );
  });
});
