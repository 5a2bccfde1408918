/**
 * The phone page on its own wire: a plain WebSocket to `/live` with JSON frames, not socket.io. The
 * real server (`server/main.ts` in a child, so it can be killed and started again) and real Chromium at
 * a phone's size; the speaker is a socket.io client. And the fallback: in a venue whose network breaks
 * WebSockets (a real proxy that drops every upgrade), the phone still joins, over socket.io's long-polling.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roomInBrowser } from '../helpers/roomInBrowser.ts';
import type { TestClient } from '../helpers/testClient.ts';

const DECK = 'hello-lectern';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;
const WAIT = { timeout: 10_000, interval: 50 };

const room = roomInBrowser({ in: 'child' });
let speaker: TestClient;

beforeAll(async () => {
  speaker = await room.server.connect('presenter', { deck: DECK });
  await speaker.call('slide:set', { h: 0, v: 0, f: -1 });
});
afterAll(() => speaker?.close());

/** A phone page and what it sent and received, WebSocket and HTTP alike. */
interface Phone {
  context: BrowserContext;
  page: Page;
  /** The URL of every WebSocket the page opened. */
  sockets: string[];
  /** Every frame the page's WebSockets sent and received. */
  sent: string[];
  received: string[];
  /** socket.io's requests (long-polling and its handshake). */
  socketIoRequests: string[];
}

async function openPhone(
  deckPage = `/${DECK}/join/`,
  prepare?: (page: Page) => Promise<unknown>,
  origin = room.server.url,
): Promise<Phone> {
  const context = await room.browser.newContext(PHONE);
  const page = await context.newPage();
  const phone: Phone = { context, page, sockets: [], sent: [], received: [], socketIoRequests: [] };
  page.on('websocket', (socket) => {
    phone.sockets.push(socket.url());
    socket.on('framesent', ({ payload }) => phone.sent.push(String(payload)));
    socket.on('framereceived', ({ payload }) => phone.received.push(String(payload)));
  });
  page.on('request', (request) => {
    if (request.url().includes('/socket.io/')) phone.socketIoRequests.push(request.url());
  });
  await prepare?.(page);
  await page.goto(`${origin}${deckPage}`);
  return phone;
}

const badge = (page: Page) => page.locator('.aud-badge').getAttribute('data-state');
const phoneLive = (page: Page) =>
  page.evaluate(() => document.querySelector('.aud-card.is-live')?.getAttribute('data-slide') ?? null);

describe('a phone on the phone wire', () => {
  let phone: Phone;
  afterAll(() => phone?.context.close());

  it('joins with one WebSocket to /live and never loads socket.io', async () => {
    phone = await openPhone();
    await expect.poll(() => badge(phone.page), WAIT).toBe('live');
    expect(phone.sockets).toHaveLength(1);
    const url = new URL(phone.sockets[0]!);
    expect([url.protocol, url.host, url.pathname, url.searchParams.get('deck')]).toEqual([
      'ws:',
      new URL(room.server.url).host,
      '/live',
      DECK,
    ]);
    expect(url.searchParams.get('clientId')).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    // Held by the page's worker, off the main thread that draws the slides (the bench measures what that saves).
    expect(phone.page.workers().map((worker) => new URL(worker.url()).pathname)).toEqual([
      expect.stringMatching(/^\/assets\/wireWorker-[\w-]+\.js$/),
    ]);
    // The server speaks first, with the whole talk: JSON, no socket.io packet prefix.
    expect(phone.received[0]).toMatch(/^\["snapshot",\{/);
    expect(phone.socketIoRequests).toEqual([]);
    expect(await phoneLive(phone.page)).toBe('0.0');
  });

  it('follows the speaker from slide to slide', async () => {
    await speaker.call('slide:set', { h: 1, v: 0, f: -1 });
    await expect.poll(() => phoneLive(phone.page), WAIT).toBe('1.0');
    await speaker.call('slide:set', { h: 2, v: 0, f: -1 });
    await expect.poll(() => phoneLive(phone.page), WAIT).toBe('2.0');
    expect(phone.received.some((frame) => frame.startsWith('["slide",'))).toBe(true);
  });

  it('votes, and shows it saved once the server acknowledged it', async () => {
    await speaker.call('slide:set', { h: 9, v: 0, f: -1 });
    await speaker.call('poll:open', { pollId: 'q1' });
    const choice = phone.page.locator('.aud-card[data-slide="9.0"] .aud-choice[data-choice="1"]');
    await expect.poll(() => choice.isEnabled(), WAIT).toBe(true);
    await choice.click();
    await expect.poll(() => choice.locator('.aud-choice-mark').textContent(), WAIT).toBe('✓ saved');
    const vote = phone.sent.find((frame) => frame.startsWith('["vote",'));
    expect(vote).toMatch(/^\["vote",\{"pollId":"q1","choice":1\},\d+\]$/);
    const id = JSON.parse(vote!)[2] as number;
    expect(phone.received.some((frame) => frame.startsWith(`["ack",${id},{"ok":true`))).toBe(true);
    const reply = await speaker.call('snapshot:get', {});
    const q1 = reply.ok ? reply.snapshot.polls.find((poll) => poll.id === 'q1') : undefined;
    expect(q1?.tally?.voters).toBe(1);
  });

  it('shows the laptop gone, and comes back over the wire by itself when it returns', async () => {
    await room.server.kill(0);
    await expect.poll(() => badge(phone.page), WAIT).toBe('reconnecting');
    expect(await phone.page.locator('.aud-badge').innerText()).toMatch(/reconnecting/i);
    // Down long enough for several tries: a laptop that restarts is not a venue that breaks WebSockets.
    await phone.page.waitForTimeout(3000);
    await room.server.restart(0);
    await expect.poll(() => badge(phone.page), { ...WAIT, timeout: 20_000 }).toBe('live');
    expect(phone.sockets.length).toBeGreaterThan(1);
    expect(phone.sockets.every((url) => new URL(url).pathname === '/live')).toBe(true);
    expect(phone.socketIoRequests).toEqual([]);
    speaker.close();
    speaker = await room.server.connect('presenter', { deck: DECK });
    await speaker.call('slide:set', { h: 3, v: 0, f: -1 });
    await expect.poll(() => phoneLive(phone.page), WAIT).toBe('3.0');
  });
});

describe('a phone whose wire worker cannot start', () => {
  it('opens the wire on the page instead, joins and follows', async () => {
    // The worker's script never arrives (a proxy that strips it, a policy that forbids it).
    let blocked = 0;
    const phone = await openPhone(`/${DECK}/join/`, (page) =>
      page.route('**/assets/wireWorker-*.js', (route) => {
        blocked += 1;
        return route.abort();
      }),
    );
    await expect.poll(() => badge(phone.page), WAIT).toBe('live');
    expect(blocked).toBe(1);
    expect(phone.sockets.map((url) => new URL(url).pathname)).toEqual(['/live']);
    expect(phone.socketIoRequests).toEqual([]);
    await speaker.call('slide:set', { h: 5, v: 0, f: -1 });
    await expect.poll(() => phoneLive(phone.page), WAIT).toBe('5.0');
    await phone.context.close();
  });
});

describe('a phone the server refuses', () => {
  it('says the talk is not live for a deck the server does not run, and does not retry', async () => {
    // The phone page of a deck the server has never heard of: the deck's own page, under another name
    // (set as the body arrives, before the page's script reads it).
    const phone = await openPhone(`/${DECK}/join/`, (page) =>
      page.addInitScript(() => {
        new MutationObserver((_, observer) => {
          if (!document.body) return;
          document.body.dataset.deck = 'no-such-talk';
          observer.disconnect();
        }).observe(document, { childList: true, subtree: true });
      }),
    );
    await expect.poll(() => badge(phone.page), WAIT).toBe('refused');
    expect(await phone.page.locator('.aud-badge').innerText()).toMatch(/talk not live/i);
    await phone.page.waitForTimeout(2000);
    expect(phone.sockets).toHaveLength(1);
    expect(new URL(phone.sockets[0]!).searchParams.get('deck')).toBe('no-such-talk');
    expect(phone.socketIoRequests).toEqual([]);
    await phone.context.close();
  });
});

describe('a venue whose network breaks WebSockets', () => {
  it('the phone falls back to socket.io over long-polling, joins and follows', async () => {
    // The phone reaches the talk through a proxy that passes plain requests and drops every WebSocket
    // upgrade, as some venues' do: the wire (in its worker or not) never opens.
    const venue = await upgradeDroppingProxy(room.server.url);
    try {
      const phone = await openPhone(`/${DECK}/join/`, undefined, venue.url);
      await expect.poll(() => badge(phone.page), { ...WAIT, timeout: 20_000 }).toBe('live');
      // Twice the wire, then socket.io, whose own WebSocket fails too before it long-polls.
      expect(venue.upgrades.slice(0, 3).map((url) => new URL(url, venue.url).pathname)).toEqual([
        '/live',
        '/live',
        '/socket.io/',
      ]);
      expect(phone.socketIoRequests.some((url) => url.includes('transport=polling'))).toBe(true);
      await speaker.call('slide:set', { h: 4, v: 0, f: -1 });
      await expect.poll(() => phoneLive(phone.page), WAIT).toBe('4.0');
      await phone.context.close();
    } finally {
      await venue.close();
    }
  });
});

/** An HTTP proxy to `target` that forwards requests and destroys every upgrade, noting its URL. */
async function upgradeDroppingProxy(target: string) {
  const upgrades: string[] = [];
  const proxy = http.createServer((request, response) => {
    const upstream = http.request(
      new URL(request.url ?? '/', target),
      { method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  proxy.on('upgrade', (request: http.IncomingMessage, socket: Duplex) => {
    upgrades.push(request.url ?? '');
    socket.destroy();
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    upgrades,
    close: () =>
      new Promise<void>((resolve) => {
        proxy.closeAllConnections();
        proxy.close(() => resolve());
      }),
  };
}
