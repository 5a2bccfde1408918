/**
 * Raw HTML in a deck goes through an allow-list by default: no scripts, no event handlers, no
 * `javascript:` URLs, and the build names what it removed at its line; `html: trusted` keeps it. A quiz
 * reads the same on every screen: its prompt and choices are text on the projector as on the phones.
 */
import { describe, expect, it } from 'vitest';
import { compileDeck } from '../../src/compile/compileDeck.ts';
import { htmlToText } from '../../src/compile/text.ts';

function compile(body: string, front = '') {
  const deck = compileDeck(`---\ntitle: Raw HTML\n${front}---\n${body}`, { deckId: 'raw', file: 'deck.md' });
  return { ...deck, html: deck.html.replace(/ data-source-line="\d+"/g, '') };
}

describe('the raw HTML allow-list', () => {
  it('removes scripts, in a block, inline and in speaker notes, with what they hold', () => {
    const { html, warnings } = compile(
      '# A\n\n<div>Hi<script>alert(1)</script></div>\n\nText <script>alert(2)</script> more.\n\n::: notes\n<script>alert(3)</script>\nSay hi.\n:::\n',
    );
    expect(html).not.toMatch(/script|alert/);
    expect(html).toContain('<div>Hi</div>');
    expect(html).toContain('Say hi.');
    expect(warnings.map((warning) => warning.line)).toEqual([6, 8, 11]);
    expect(warnings[0]!.message).toMatch(/^raw HTML removed: <script> \(.*`html: trusted` in the frontmatter/);
  });

  it('removes event handlers and javascript: URLs, however they are spelt', () => {
    const { html, warnings } = compile(
      [
        '# A',
        '',
        '<img src="./a.png" alt="A" width="300" onerror="alert(1)">',
        '',
        '<a href="javascript:alert(2)">one</a> <a href="jav&#x61;script:alert(3)">two</a> <a href=" java\tscript:alert(4)">three</a>',
        '',
        '<p ONCLICK="alert(5)" class="lead">Lead</p>',
        '',
        '<a href="data:text/html,<script>alert(6)</script>">six</a> <a href="https://example.org/" target="_blank">ok</a>',
      ].join('\n'),
    );
    expect(html).not.toMatch(/alert|onerror|onclick|javascript|data:text/i);
    expect(html).toContain('<img src="/slides/raw/a.png" alt="A" width="300">');
    expect(html).toContain('<p dir="auto" class="lead">Lead</p>');
    expect(html).toContain('<a href="https://example.org/" target="_blank" rel="noopener noreferrer">ok</a>');
    expect(warnings.map((warning) => `${warning.line}: ${warning.message.replace(/ \(decks keep.*$/, '')}`)).toEqual([
      '6: raw HTML removed: onerror on <img>',
      '8: raw HTML removed: a javascript: URL in <a href>',
      '10: raw HTML removed: onclick on <p>',
      '12: raw HTML removed: a data: URL in <a href>',
    ]);
  });

  it('removes what is not on the list (frames, objects, forms, inline SVG) and keeps what is', () => {
    const { html, warnings } = compile(
      '# A\n\n<iframe src="https://example.org"></iframe>\n<object data="x.swf"></object>\n<form><input name="q"><button>Go</button></form>\n\n<table><tr><td colspan="2"><mark>kept</mark> <kbd>Ctrl</kbd></td></tr></table>\n',
    );
    expect(html).not.toMatch(/iframe|object|form|input|button/);
    expect(html).toContain('Go');
    expect(html).toContain('<td dir="auto" colspan="2"><mark>kept</mark> <kbd>Ctrl</kbd></td>');
    expect(warnings[0]!.message).toMatch(/^raw HTML removed: <iframe>, <object>, <form>, <input>, <button> /);
  });

  it('keeps the HTML as written with `html: trusted`', () => {
    const { html, warnings } = compile(
      '# A\n\n<div onclick="go()">x</div>\n<script>go()</script>\n',
      'html: trusted\n',
    );
    expect(html).toContain('<div onclick="go()">x</div>\n<script>go()</script>');
    expect(warnings).toEqual([]);
  });
});

describe('a quiz', () => {
  it('reads the same on the projector as on the phones and in the speaker view', () => {
    const { html, manifest, warnings } = compile(
      '::: quiz Which <b>one</b> is it?\n- [ ] Image <img src="./x.png"> choice\n- [x] HTML <script>alert(1)</script> choice\n- [ ] **Bold** `<div>` choice\n\nWhy: because.\n:::\n',
    );
    const poll = manifest.polls[0]!;
    expect(poll.kind === 'quiz' && poll.choices).toEqual(['Image choice', 'HTML choice', 'Bold <div> choice']);
    expect(poll.prompt).toBe('Which one is it?');
    const projector = [...html.matchAll(/<li class="quiz-choice"[^>]*>([\s\S]*?)<\/li>/g)].map((m) =>
      htmlToText(m[1]!),
    );
    expect(projector).toEqual(poll.kind === 'quiz' ? poll.choices : []);
    expect(htmlToText(/<p class="quiz-prompt"[^>]*>([\s\S]*?)<\/p>/.exec(html)![1]!)).toBe(poll.prompt);
    expect(warnings).toEqual([{ line: 4, message: expect.stringMatching(/^raw HTML in this quiz is left out/) }]);
  });
});
