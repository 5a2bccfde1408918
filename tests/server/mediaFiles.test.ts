/**
 * The static server sends media as browsers need it: the real type (with `nosniff` a video sent as
 * octet-stream does not play in Safari), byte ranges (206, `Accept-Ranges`) for playing and seeking,
 * and a 304 for any of several ETags a browser may hold.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticHandler } from '../../server/http/static.ts';

const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-media-'));
const CLIP = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
let server: http.Server;
let base: string;

beforeAll(async () => {
  fs.mkdirSync(path.join(dist, 'assets'));
  for (const name of ['clip.webm', 'clip.mp4', 'talk.mp3', 'talk.ogg', 'voice.m4a', 'inter.otf', 'inter.woff2'])
    fs.writeFileSync(path.join(dist, 'assets', name), CLIP);
  const files = createStaticHandler(dist);
  server = http.createServer((req, res) => void files(req, res, new URL(req.url!, 'http://x').pathname));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dist, { recursive: true, force: true });
});

const get = (file: string, headers: Record<string, string> = {}) => fetch(`${base}/assets/${file}`, { headers });

describe('media from dist/', () => {
  it('are sent with their media types', async () => {
    const types: Record<string, string> = {
      'clip.webm': 'video/webm',
      'clip.mp4': 'video/mp4',
      'talk.mp3': 'audio/mpeg',
      'talk.ogg': 'audio/ogg',
      'voice.m4a': 'audio/mp4',
      'inter.otf': 'font/otf',
      'inter.woff2': 'font/woff2',
    };
    for (const [file, type] of Object.entries(types))
      expect((await get(file)).headers.get('content-type'), file).toBe(type);
  });

  it('answer a byte range with 206 and just those bytes, and say they take ranges', async () => {
    const whole = await get('clip.webm');
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    const part = await get('clip.webm', { Range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/5000');
    expect(part.headers.get('content-length')).toBe('100');
    expect(Buffer.from(await part.arrayBuffer())).toEqual(CLIP.subarray(100, 200));
    // What a video element sends first, and a seek to the end.
    const open = await get('clip.webm', { Range: 'bytes=0-' });
    expect(open.status).toBe(206);
    expect(open.headers.get('content-range')).toBe('bytes 0-4999/5000');
    const tail = await get('clip.webm', { Range: 'bytes=-10' });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(CLIP.subarray(4990));
  });

  it('refuse a range past the end with 416, and send the whole file when the ETag of If-Range is stale', async () => {
    const past = await get('clip.webm', { Range: 'bytes=6000-7000' });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */5000');
    const stale = await get('clip.webm', { Range: 'bytes=0-9', 'If-Range': 'W/"old"' });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('content-length')).toBe('5000');
  });

  it('answer 304 when any of several ETags matches, and 200 when none does', async () => {
    const etag = (await get('talk.mp3')).headers.get('etag')!;
    expect((await get('talk.mp3', { 'If-None-Match': `"other", ${etag}, W/"third"` })).status).toBe(304);
    expect((await get('talk.mp3', { 'If-None-Match': etag.replace(/^W\//, '') })).status).toBe(304);
    expect((await get('talk.mp3', { 'If-None-Match': '*' })).status).toBe(304);
    expect((await get('talk.mp3', { 'If-None-Match': '"other", W/"third"' })).status).toBe(200);
  });
});
