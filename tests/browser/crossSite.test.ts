/**
 * A page on another site, open in a visitor's browser (or the speaker's), cannot open sessions on the
 * talk: its `no-cors` fetches carry no `Origin` but Chromium marks them `Sec-Fetch-Site: cross-site`,
 * and its WebSockets carry its `Origin`. Both are refused at the handshake, before a session exists.
 * Real Chromium, the talk server on 127.0.0.1, the other site on `localhost` at another port.
 */
import http from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowser } from '../helpers/browser.ts';
import { type Lectern, startLectern } from '../helpers/lectern.ts';

const TRIES = 40;
let browser: Browser;
let server: Lectern;
let site: http.Server;
let siteUrl: string;

beforeAll(async () => {
  server = await startLectern();
  site = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>another site</title><p>nothing to see</p>');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://localhost:${(site.address() as { port: number }).port}/`;
  browser = await startBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => site?.close(resolve));
  await server?.close();
});

describe('a page on another site', () => {
  it('opens no session on the talk, by fetch (no-cors) or WebSocket', async () => {
    const page = await browser.newPage();
    await page.goto(siteUrl);
    const talk = server.url;
    const outcome = await page.evaluate(
      async ({ talk, tries }) => {
        const handshake = `${talk}/socket.io/?EIO=4&transport=polling`;
        const fetched = await Promise.all(
          Array.from({ length: tries }, () =>
            fetch(handshake, { mode: 'no-cors', cache: 'no-store' }).then(
              () => 'answered',
              () => 'failed',
            ),
          ),
        );
        const sockets = await Promise.all(
          Array.from(
            { length: 5 },
            () =>
              new Promise<string>((resolve) => {
                const ws = new WebSocket(`${talk.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
                ws.onopen = () => resolve('open');
                ws.onerror = () => resolve('refused');
              }),
          ),
        );
        return { fetched, sockets };
      },
      { talk, tries: TRIES },
    );
    expect(outcome.sockets).toEqual(Array(5).fill('refused'));
    expect(outcome.fetched).toHaveLength(TRIES);
    expect(server.app.io.engine.clientsCount).toBe(0);
    expect(server.app.rejections.totals()['bad-origin']).toBe(TRIES + 5);
    await page.close();
  });
});
