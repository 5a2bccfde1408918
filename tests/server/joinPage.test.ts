/**
 * The join page with the live slide in it: the server puts the slide the talk is on into the page,
 * without its speaker notes, fresh on every request; anything it cannot do that for is left to the
 * static files. A real HTTP server on port 0 over a built-like `dist/` in a temporary folder.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJoinPageHandler } from '../../server/http/joinPage.ts';
import { revealSteps } from '../../server/http/liveCardHtml.ts';
import { isolateTextHtml } from '../../src/core/isolateTextHtml.ts';
import type { SlidePosition } from '../../src/protocol.ts';

const DECK_PAGE = `<!doctype html><html><body><div class="reveal"><div class="slides">
<section class="slide slide-cover" data-slide="0.0"><h1>Cover</h1><aside class="notes"><p>Say hello</p></aside></section>
<section><section class="slide" data-slide="1.0"><h2>Stack top</h2></section>
<section class="slide" data-slide="1.1"><h2>Below</h2><ul><li class="fragment">one</li><li class="fragment">two</li></ul><aside class="notes"><p>secret aside</p></aside><script>alert(1)</script></section></section>
<section class="slide" data-slide="2.0"><h2>Last</h2></section>
</div></div></body></html>`;
const JOIN_PAGE = `<!doctype html><html><body class="lectern-audience">
<header class="aud-bar"></header>
<main id="app" class="audience"><p class="audience-loading">Joining the talk…</p></main>
</body></html>`;

let dist: string;
let server: http.Server;
let base: string;
let live: SlidePosition | undefined = { h: 1, v: 1, f: 0 };

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-join-'));
  fs.mkdirSync(path.join(dist, 'talk', 'join'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'talk', 'index.html'), DECK_PAGE);
  fs.writeFileSync(path.join(dist, 'talk', 'join', 'index.html'), JOIN_PAGE);
  const joinPage = createJoinPageHandler(dist, (deck) => (deck === 'talk' ? live : undefined));
  server = http.createServer((req, res) => {
    void joinPage(req, res, new URL(req.url ?? '/', 'http://x').pathname).then((handled) => {
      if (!handled) res.writeHead(299).end('static');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('the join page', () => {
  it('comes with the live slide drawn as the live card, with the steps the speaker revealed, without notes or scripts', async () => {
    const reply = await fetch(`${base}/talk/join/`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    const page = await reply.text();
    // In the feed's container, in place of "Joining the talk…": visible as soon as the page paints.
    const main = /<main id="app" class="audience">([\s\S]*?)<\/main>/.exec(page)?.[1] ?? '';
    expect(main).not.toContain('Joining the talk');
    expect(page).not.toContain('<template');
    const card = /<li class="aud-card is-live is-served"([^>]*)>([\s\S]*?)<\/li><\/ol>$/.exec(main);
    expect(card?.[1]).toBe(' data-slide="1.1" data-step="0" aria-label="Slide 3 of 4"');
    expect(card?.[2]).toContain('<span class="aud-card-number">3 / 4</span>');
    expect(card?.[2]).toContain('<h2 dir="auto">Below</h2>');
    // Step 0: the first fragment shown, the second not yet.
    expect(card?.[2]).toContain('<li dir="auto" class="fragment visible">one</li>');
    expect(card?.[2]).toContain('<li dir="auto" class="fragment">two</li>');
    expect(card?.[2]).not.toContain('secret aside');
    expect(card?.[2]).not.toContain('<script');
    expect(card?.[2]).not.toContain('Stack top');
  });

  it('follows the talk from one request to the next, compressed when asked', async () => {
    live = { h: 2, v: 0, f: -1 };
    const reply = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(`${base}/talk/join/index.html`, { headers: { 'accept-encoding': 'gzip' } }, resolve),
    );
    expect(reply.headers['content-encoding']).toBe('gzip');
    const chunks: Buffer[] = [];
    for await (const chunk of reply) chunks.push(chunk as Buffer);
    const page = zlib.gunzipSync(Buffer.concat(chunks)).toString();
    expect(page).toContain('data-slide="2.0" data-step="-1" aria-label="Slide 4 of 4"');
    expect(page).toContain('<h2 dir="auto">Last</h2>');
  });

  it('leaves other paths, unknown decks and decks not live to the static files', async () => {
    for (const url of ['/talk/', '/talk/join/other.html', '/nope/join/', '/talk/speaker/']) {
      expect((await fetch(`${base}${url}`)).status, url).toBe(299);
    }
    live = undefined;
    expect((await fetch(`${base}/talk/join/`)).status).toBe(299);
    live = { h: 9, v: 0, f: -1 }; // a slide the built page does not have
    expect((await fetch(`${base}/talk/join/`)).status).toBe(299);
  });
});

describe('the live card', () => {
  it('shows the steps up to the speaker’s, in reveal’s order: an explicit index first, else the order on the slide', () => {
    const section =
      '<section class="slide"><p class="fragment" data-fragment-index="1">b</p><p class="fragment" data-fragment-index="0">a</p><p class="fragment">c</p><div class="fragments">x</div></section>';
    expect(revealSteps(section, -1)).toBe(section);
    expect(revealSteps(section, 0)).toContain('<p class="fragment visible" data-fragment-index="0">a</p>');
    expect(revealSteps(section, 0)).toContain('<p class="fragment" data-fragment-index="1">b</p>');
    const two = revealSteps(section, 1);
    expect(two).toContain('<p class="fragment visible" data-fragment-index="1">b</p>');
    expect(two).toContain('<p class="fragment">c</p>');
    expect(revealSteps(section, 2)).toContain('<p class="fragment visible">c</p>');
    expect(revealSteps(section, 2)).toContain('<div class="fragments">x</div>');
  });

  it('gives each block of text its own direction, as the phone script does, leaving code, diagrams and a set dir alone', () => {
    const section =
      '<section class="slide"><h2>عنوان</h2><p class="a">x &amp; y</p><ul><li>one</li></ul><img src="a.png">' +
      '<blockquote dir="rtl"><p>set</p></blockquote><pre><code><p>code</p></code></pre>' +
      '<svg viewBox="0 0 1 1"><path d="M0"/><foreignObject><div><p>label</p></div></foreignObject></svg>' +
      '<table><tr><th>h</th><td dir="ltr">d</td></tr></table><p>after</p></section>';
    expect(isolateTextHtml(section)).toBe(
      '<section class="slide"><h2 dir="auto">عنوان</h2><p dir="auto" class="a">x &amp; y</p><ul><li dir="auto">one</li></ul><img src="a.png">' +
        '<blockquote dir="rtl"><p>set</p></blockquote><pre><code><p>code</p></code></pre>' +
        '<svg viewBox="0 0 1 1"><path d="M0"/><foreignObject><div><p>label</p></div></foreignObject></svg>' +
        '<table><tr><th dir="auto">h</th><td dir="ltr">d</td></tr></table><p dir="auto">after</p></section>',
    );
  });

  it('lays a table out right to left when its first letter is, as the phone script does, unless the deck set its dir', () => {
    const rows = (first: string) => `<tr><th>${first}</th><th>B</th></tr><tr><td>1</td><td>ب</td></tr>`;
    // Numbers, punctuation and character references are no letters: the first letter is Arabic.
    expect(isolateTextHtml(`<table>\n<tr><th>1. &nbsp;</th></tr>${rows('المكوّن')}</table>`)).toBe(
      `<table dir="rtl">\n<tr><th dir="auto">1. &nbsp;</th></tr>${rows('المكوّن').replace(/<(t[hd])>/g, '<$1 dir="auto">')}</table>`,
    );
    // An English table stays left to right; a table the deck gave a dir, or one inside code, keeps it.
    expect(isolateTextHtml(`<table>${rows('Component')}</table>`)).not.toContain('<table dir');
    expect(isolateTextHtml(`<table dir="ltr">${rows('المكوّن')}</table>`)).toBe(
      `<table dir="ltr">${rows('المكوّن')}</table>`,
    );
    expect(isolateTextHtml(`<div dir="ltr"><table>${rows('المكوّن')}</table></div>`)).not.toContain('<table dir');
    // Each table by its own text: an English one after an Arabic one, and one inside another.
    const two = isolateTextHtml(
      `<table><tr><td>عربي<table><tr><td>English</td></tr></table></td></tr></table><table>${rows('Component')}</table>`,
    );
    expect(two.match(/<table[^>]*>/g)).toEqual(['<table dir="rtl">', '<table>', '<table>']);
  });
});
