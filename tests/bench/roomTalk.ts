/**
 * The room talking back, measured: 2,000 phones reacting twice a second for 30 s (the server's CPU,
 * the messages that reach the projector, the projector's frame rate in Chromium), then the speaker's
 * pointer at 30 positions a second to 1,000 phones (delay from the speaker's send to each phone).
 * Server, phones and projector each run in their own process, on the project's built `dist/`.
 */
import type { Page } from 'playwright-core';
import { startBrowser } from '../helpers/browser.ts';
import { openWire, type Wire } from '../helpers/wire.ts';
import { nowMicros, startChild } from './harness/child.ts';
import { type BenchTable, percentile, sortNumbers } from './table.ts';

const DECK = 'hello-lectern';
const PHONES = 2000;
const REACT_PER_SECOND = 2;
const REACT_SECONDS = 30;
const POINTER_PHONES = 1000;
const POINTER_PER_SECOND = 30;
const POINTER_SECONDS = 10;

/** Counts animation frames per second in the page, from now until `stop`. */
async function startFrameCounter(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stopFrames: boolean };
    w.__frames = [];
    w.__stopFrames = false;
    let second = performance.now();
    let frames = 0;
    const tick = (now: number) => {
      frames += 1;
      if (now - second >= 1000) {
        w.__frames.push((frames * 1000) / (now - second));
        frames = 0;
        second = now;
      }
      if (!w.__stopFrames) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function stopFrameCounter(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stopFrames: boolean };
    w.__stopFrames = true;
    return w.__frames;
  });
}

export async function benchRoomTalk(): Promise<BenchTable> {
  const server = startChild('harness/builtDeckServer.ts');
  const crowds = [startChild('harness/roomPhones.ts'), startChild('harness/roomPhones.ts')];
  const browser = await startBrowser();
  try {
    const { port, token } = await server.request<{ port: number; token: string }>({ type: 'info' });
    const origin = `http://127.0.0.1:${port}`;

    // The projector: the real deck page in Chromium, connected as the projector (it gets the reactions).
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    // tsx compiles with esbuild's keepNames, which wraps functions passed to page.evaluate in __name().
    await context.addInitScript('globalThis.__name = (fn) => fn');
    const projector = await context.newPage();
    await projector.goto(`${origin}/${DECK}/#token=${token}`);
    await projector.waitForFunction(() => document.body.dataset.liveConnection === 'live', null, { timeout: 30_000 });
    await projector.evaluate(() => {
      const w = window as unknown as { __floats: number };
      w.__floats = 0;
      new MutationObserver((records) => {
        for (const r of records) w.__floats += [...r.addedNodes].length;
      }).observe(document.querySelector('.lectern-reactions')!, { childList: true });
    });

    // The speaker's socket is sent the same bursts as the projector: it counts them, and later is the pointer.
    const bursts: number[] = [];
    const pointerSocket: Wire = await openWire(origin, {
      mode: 'lean',
      auth: { deck: DECK, role: 'presenter', clientId: 'bench-speaker-0001', token },
      onPacket: (packet) => {
        if (!packet.startsWith('2["reactions"')) return;
        const counts = (JSON.parse(packet.slice(1)) as [string, { counts: number[] }])[1].counts;
        bursts.push(counts.reduce((a, b) => a + b, 0));
      },
    });

    await Promise.all(
      crowds.map((crowd, i) =>
        crowd.request(
          { type: 'open', origin, deck: DECK, count: PHONES / crowds.length, prefix: `react${i}` },
          300_000,
        ),
      ),
    );

    // ---------------------------------------------------------------- reactions
    await startFrameCounter(projector);
    const before = await server.request<{ cpuMicros: number }>({ type: 'stats' });
    const t0 = nowMicros();
    const sent = await Promise.all(
      crowds.map((crowd) =>
        crowd.request<{ sent: number }>(
          { type: 'react', perSecond: REACT_PER_SECOND, seconds: REACT_SECONDS },
          120_000,
        ),
      ),
    );
    const wallMicros = nowMicros() - t0;
    const after = await server.request<{ cpuMicros: number }>({ type: 'stats' });
    await new Promise((r) => setTimeout(r, 600));
    const fps = await stopFrameCounter(projector);
    const floats = await projector.evaluate(() => (window as unknown as { __floats: number }).__floats);
    const totalSent = sent.reduce((a, r) => a + r.sent, 0);
    const counted = bursts.reduce((a, b) => a + b, 0);
    const seconds = wallMicros / 1e6;
    const cpu = ((after.cpuMicros - before.cpuMicros) / wallMicros) * 100;
    const steadyFps = fps.slice(1);
    const sortedFps = [...steadyFps].sort((a, b) => a - b);

    // ---------------------------------------------------------------- pointer
    await crowds[1]!.request({ type: 'close' });
    await new Promise((r) => setTimeout(r, 1000));
    const sentAt = new Map<number, number>();
    const positions = POINTER_PER_SECOND * POINTER_SECONDS;
    for (let stroke = 1; stroke <= positions; stroke += 1) {
      const x = (stroke % 100) / 100;
      sentAt.set(stroke, nowMicros());
      pointerSocket.send(`2["pointer",{"h":1,"v":0,"mode":"laser","x":${x},"y":0.5,"stroke":${stroke}}]`);
      await new Promise((r) => setTimeout(r, 1000 / POINTER_PER_SECOND));
    }
    await new Promise((r) => setTimeout(r, 1500));
    const { heard } = await crowds[0]!.request<{ heard: [number, number[]][] }>({ type: 'pointers' });
    const delays: number[] = [];
    let received = 0;
    for (const [stroke, times] of heard) {
      const at = sentAt.get(stroke);
      if (at === undefined) continue;
      received += times.length;
      for (const t of times) delays.push((t - at) / 1000);
    }
    const sorted = sortNumbers(delays);
    pointerSocket.close();

    const f1 = (n: number) => n.toFixed(1);
    return {
      title: 'The room talks back: reactions and the pointer',
      columns: ['measure', 'value'],
      rows: [
        ['phones reacting', `${PHONES.toLocaleString('en')}, ${REACT_PER_SECOND} a second each for ${REACT_SECONDS} s`],
        [
          'reactions sent / counted by the server',
          `${totalSent.toLocaleString('en')} / ${counted.toLocaleString('en')}`,
        ],
        ['server CPU while they react', `${f1(cpu)} % of one core`],
        ['messages to the projector', `${f1(bursts.length / seconds)} per second (${bursts.length} bursts)`],
        ['emoji drawn on the projector', `${floats.toLocaleString('en')} (${f1(floats / seconds)} per second)`],
        [
          'projector frame rate (Chromium, 1280×720)',
          `median ${f1(percentile(sortedFps, 50))} fps, worst second ${f1(sortedFps[0] ?? NaN)} fps`,
        ],
        [
          `pointer: ${POINTER_PER_SECOND} positions a second for ${POINTER_SECONDS} s to ${POINTER_PHONES.toLocaleString('en')} phones`,
          `${received.toLocaleString('en')} of ${(positions * POINTER_PHONES).toLocaleString('en')} received`,
        ],
        [
          'pointer delay, speaker → phone',
          `p50 ${f1(percentile(sorted, 50))} ms, p99 ${f1(percentile(sorted, 99))} ms, max ${f1(sorted[sorted.length - 1] ?? NaN)} ms`,
        ],
      ],
      notes: [
        'Phones are lean WebSocket clients in two processes; the server is its own process (SQLite store); the projector is the deck page in headless Chromium (software rendering, no GPU).',
        'Frame rate: requestAnimationFrame callbacks per second while the bursts play; headless Chromium paces frames at 60 fps at most.',
        'Pointer delay: from the speaker socket writing a position to each phone socket reading it, on one machine (one monotonic clock).',
      ],
    };
  } finally {
    await browser.close();
    await Promise.all([...crowds, server].map((child) => child.stop()));
  }
}
