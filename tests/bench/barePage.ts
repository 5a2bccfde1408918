/**
 * The least a page can do for a slide change, measured exactly as the phone page is (phoneTrace.ts):
 * one WebSocket frame parsed, the live class moved from one card to the other, one frame drawn. Its
 * WebSocket is held by a worker that hands the page each frame's text, as the phone page's is
 * (src/shared/wireSocket.ts), so the two pay the same for a frame's arrival. Its
 * figure is the floor under any phone page's on this machine: the trace, the throttled CPU, and
 * Chromium's own work for a message and a frame, with next to no page work on top. The phone page's
 * figure less this one is what lectern itself costs a phone.
 */
import http from 'node:http';
import type { Browser } from 'playwright-core';
import { WebSocketServer } from 'ws';
import { type MoveCost, tracePage } from './phoneTrace.ts';

/** Two cards on their own layers, as the phone's are; a slide frame makes one of them live. */
const BARE_PAGE = `<!doctype html>
<html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>bare</title>
<style>
  body { margin: 0; font: 17px/1.45 sans-serif; background: #0b1020; color: #e6e9ef; }
  .aud-card { margin: 12px; padding: 14px 16px; border-radius: 16px; background: #1e2640;
    will-change: opacity; opacity: 0; }
  .aud-card.is-live { opacity: 0.999; }
</style>
<ol class="aud-feed">
  <li class="aud-card" data-slide="0.0"><h2>One</h2><p>A paragraph of text on the first card.</p></li>
  <li class="aud-card" data-slide="0.0"><h2>Two</h2><p>A paragraph of text on the second card.</p></li>
</ol>
<script>
  const cards = document.querySelectorAll('.aud-card');
  const wire = new Worker('/wire.js');
  wire.onmessage = (event) => {
    const [name, slide] = JSON.parse(event.data);
    if (name !== 'slide') return;
    const live = cards[slide.h % 2];
    cards[(slide.h + 1) % 2].classList.remove('is-live');
    live.dataset.slide = slide.h + '.' + slide.v;
    live.classList.add('is-live');
  };
</script>
</html>`;

/** The worker: each text frame of its WebSocket, passed on as it came. */
const WIRE_WORKER = `
  const socket = new WebSocket(self.location.origin.replace('http', 'ws') + '/bare');
  socket.onmessage = (event) => postMessage(event.data);`;

/** `changes` slide changes sent to the bare page, 500 ms apart; each one's cost. */
export async function measureBarePage(browser: Browser, changes = 12): Promise<MoveCost[]> {
  const files: Record<string, [string, string]> = {
    '/': ['text/html; charset=utf-8', BARE_PAGE],
    '/wire.js': ['text/javascript', WIRE_WORKER],
  };
  const server = http.createServer((request, response) => {
    const file = files[request.url ?? ''];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file[0] }).end(file[1]);
  });
  const sockets = new WebSocketServer({ server, path: '/bare' });
  let socket: import('ws').WebSocket | null = null;
  const connected = new Promise<void>((resolve) =>
    sockets.on('connection', (ws) => {
      socket = ws;
      resolve();
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    const traced = await tracePage(browser, `http://127.0.0.1:${port}/`, () => connected);
    const kinds: 'move'[] = [];
    for (let h = 1; h <= changes; h++) {
      const shown = traced.shown(`${h}.0`);
      kinds.push('move');
      socket!.send(JSON.stringify(['slide', { h, v: 0, f: -1 }]));
      await shown;
      await traced.page.waitForTimeout(500);
    }
    return await traced.finish(kinds);
  } finally {
    sockets.close();
    server.close();
  }
}
