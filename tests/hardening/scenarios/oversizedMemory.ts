/**
 * Memory: 300 WebSocket messages and 100 long-polling bodies of 1 MiB each (400 MiB offered,
 * 64 times the 16 KiB limit) each close their socket, and the server's memory stays flat: ws refuses a
 * frame by its declared length before reading it, engine.io stops reading a body once it passes the
 * limit. Checked after a full collection against a baseline taken after a warm-up of the same.
 */
import WebSocket from 'ws';
import { count, type Figure, mib, recordFigure } from '../harness/figures.ts';
import { openPollingSession } from '../harness/polling.ts';
import { startStressRoom } from '../harness/stressRoom.ts';

const MESSAGE = 'x'.repeat(2 ** 20);
const WEBSOCKETS = 300;
const POLLING = 100;
/**
 * RSS moves with the allocator while the heap stays flat: +2.4 MiB in one run, +16.9 MiB in another
 * on a loaded machine (heap 14.0 → 13.9 MiB both times). A buffered 1 MiB per message would be
 * hundreds of MiB, so 64 MiB tells the two apart.
 */
export const RSS_LIMIT = 64 * 2 ** 20;

export interface OversizedResult {
  figure: Figure;
  closed: number;
  rssGrowth: number;
}

/** Opens a session, sends one oversized message, resolves with whether the server closed it. */
async function oversizedWebSocket(url: string, deck: string, n: number): Promise<boolean> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
    perMessageDeflate: false,
  });
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      ws.terminate();
      resolve(false);
    }, 10_000);
    ws.on('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
    ws.on('error', () => undefined);
    ws.on('message', (data) => {
      const text = data.toString();
      if (text.startsWith('0'))
        ws.send(`40${JSON.stringify({ deck, role: 'audience', clientId: `big-${String(n).padStart(6, '0')}` })}`);
      else if (text.startsWith('42["snapshot"')) ws.send(`42["vote",{"pad":"${MESSAGE}"}]`);
    });
  });
}

async function oversizedPoll(url: string, deck: string, n: number): Promise<boolean> {
  const session = await openPollingSession(url, {
    deck,
    role: 'audience',
    clientId: `bigpoll-${String(n).padStart(6, '0')}`,
  });
  await session.post(`42["vote",{"pad":"${MESSAGE}"}]`);
  return session.ended();
}

export async function oversizedMemory(): Promise<OversizedResult> {
  const room = await startStressRoom('sqlite', { nodeFlags: ['--expose-gc'] });
  try {
    const [url] = room.urls() as [string];
    const round = async (websockets: number, polls: number) => {
      let closed = 0;
      for (let i = 0; i < websockets; i += 10) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(10, websockets - i) }, (_, j) => oversizedWebSocket(url, room.deck, i + j)),
        );
        closed += batch.filter(Boolean).length;
      }
      for (let i = 0; i < polls; i++) if (await oversizedPoll(url, room.deck, i)) closed += 1;
      return closed;
    };
    await round(100, 30);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const before = await room.servers[0]!.memory();
    const closed = await round(WEBSOCKETS, POLLING);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = await room.servers[0]!.memory();
    const rssGrowth = after.rss - before.rss;
    const alive = (await room.presenterSnapshot()).deck === room.deck;
    const pass = closed === WEBSOCKETS + POLLING && rssGrowth < RSS_LIMIT && alive;
    const figure = recordFigure({
      item: '7. Oversized messages',
      mode: 'SQLite',
      rule: 'a message over the limit closes the socket; RSS grows < 64 MiB (kept messages would be 400)',
      measured:
        `${count(closed)}/${count(WEBSOCKETS + POLLING)} sockets closed for 1 MiB messages (${count(WEBSOCKETS)} WebSocket, ${count(POLLING)} long-polling; ` +
        `${mib((WEBSOCKETS + POLLING) * MESSAGE.length)} offered): RSS ${mib(before.rss)} → ${mib(after.rss)}, heap ${mib(before.heapUsed)} → ${mib(after.heapUsed)}`,
      pass,
    });
    return { figure, closed, rssGrowth };
  } finally {
    await room.close();
  }
}
