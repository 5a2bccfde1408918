import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lectern, startLectern } from '../helpers/lectern.ts';
import { OUTSIDE_SECRET } from './fixtureDist.ts';

let server: Lectern;
beforeAll(async () => {
  server = await startLectern();
});
afterAll(async () => {
  await server?.close();
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Raw request: `fetch` would normalise `..` and encoded paths away before sending them. */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const url = new URL(server.url);
    const req = http.request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static files', () => {
  it('serves the library, the deck, the phone page and the speaker view', async () => {
    for (const [path, title] of [
      ['/', 'library'],
      ['/fixture-talk/', 'deck'],
      ['/fixture-talk/join/', 'join'],
      ['/fixture-talk/speaker/', 'speaker'],
    ]) {
      const reply = await get(path!);
      expect(reply.status, path).toBe(200);
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(reply.headers['cache-control']).toBe('no-cache');
      expect(reply.body.toString()).toContain(`<title>${title}</title>`);
    }
  });

  it('redirects a folder without its slash', async () => {
    const reply = await get('/fixture-talk/join');
    expect(reply.status).toBe(301);
    expect(reply.headers.location).toBe('/fixture-talk/join/');
  });

  it('redirects to a path on this server, never a protocol-relative one', async () => {
    for (const path of ['/.//fixture-talk', '/.//fixture-talk/join', '/fixture-talk//join']) {
      const reply = await get(path);
      expect(reply.status, path).toBe(301);
      expect(reply.headers.location, path).toMatch(/^\/[^/]/);
    }
  });

  it('does not serve a manifest through a symlink under another name', async () => {
    const deck = path.join(server.dir, 'dist', 'fixture-talk');
    fs.symlinkSync(path.join(deck, 'manifest.json'), path.join(deck, 'leak.json'));
    fs.symlinkSync(path.join(deck, 'manifest.json'), path.join(server.dir, 'dist', 'assets', 'leak.png'));
    for (const link of ['/fixture-talk/leak.json', '/assets/leak.png']) {
      const reply = await get(link);
      expect(reply.status, link).toBe(404);
      expect(reply.body.toString()).not.toContain('answer');
    }
  });

  it('serves a JSON file of the deck folder but never the manifest, however it is spelled', async () => {
    const data = await get('/fixture-talk/data.json');
    expect(data.status).toBe(200);
    expect(data.headers['content-type']).toBe('application/json; charset=utf-8');
    for (const path of [
      '/fixture-talk/manifest.json',
      '/fixture-talk/MANIFEST.JSON',
      '/fixture-talk/manifest%2Ejson',
      '/fixture-talk//manifest.json',
      '/fixture-talk/./manifest.json',
      '/fixture-talk/join/../manifest.json',
      '/fixture-talk/manifest.json?x=1',
    ]) {
      const reply = await get(path);
      expect(reply.status, path).toBe(404);
      expect(reply.body.toString()).not.toContain('answer');
    }
  });

  it('gives hashed assets long cache headers, the right type and gzip', async () => {
    const js = await get('/assets/app-3f2a1b.js', { 'Accept-Encoding': 'gzip, br' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(js.body).toString()).toContain('lectern lectern');
    const svg = await get('/assets/logo-9c8d7e.svg');
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    const again = await get('/assets/app-3f2a1b.js', { 'If-None-Match': String(js.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('never leaves dist/: traversal, encoded traversal, dotfiles, NUL, backslashes', async () => {
    for (const path of [
      `/../${OUTSIDE_SECRET}`,
      `/%2e%2e/${OUTSIDE_SECRET}`,
      `/%2E%2E%2F${OUTSIDE_SECRET}`,
      `/assets/..%2f..%2f${OUTSIDE_SECRET}`,
      `/..%5c${OUTSIDE_SECRET}`,
      '/.env',
      '/%2eenv',
      '/index.html%00.js',
      '/%E0%A4%A',
      '/no-such-file.js',
    ]) {
      const reply = await get(path);
      expect(reply.status, path).toBe(404);
      expect(reply.body.toString()).not.toContain('not for the web');
      expect(reply.body.toString()).not.toContain('SECRET');
    }
  });

  it('answers only GET and HEAD', async () => {
    expect((await get('/', {}, 'POST')).status).toBe(405);
    const head = await get('/fixture-talk/', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });
});

describe('API', () => {
  it('says a live talk runs the deck, and 404s for any other', async () => {
    const reply = await get('/api/talks/fixture-talk');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body.toString())).toEqual({ live: true, deck: 'fixture-talk', title: 'A fixture talk' });
    expect((await get('/api/talks/other-deck')).status).toBe(404);
    expect((await get('/api/talks/fixture-talk/nope')).status).toBe(404);
    expect(JSON.parse((await get('/api/talks')).body.toString())).toEqual([
      { live: true, deck: 'fixture-talk', title: 'A fixture talk' },
    ]);
  });

  it('gives the join URL and its QR code', async () => {
    const reply = await get('/api/talks/fixture-talk/join-url');
    expect(JSON.parse(reply.body.toString())).toEqual({ url: `${server.url}/fixture-talk/join/` });
    const qr = await get('/api/talks/fixture-talk/join-qr.svg');
    expect(qr.status).toBe(200);
    expect(qr.headers['content-type']).toBe('image/svg+xml');
    expect(qr.body.toString()).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('wants the token for the results, in the Authorization header', async () => {
    expect((await get('/api/talks/fixture-talk/results.json')).status).toBe(401);
    expect((await get('/api/talks/fixture-talk/results.csv', { Authorization: 'Bearer nope' })).status).toBe(401);
    expect((await get(`/api/talks/fixture-talk/results.json?token=${server.token}`)).status).toBe(401);
    const ok = await get('/api/talks/fixture-talk/results.json', { Authorization: `Bearer ${server.token}` });
    expect(ok.status).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
  });
});
