/**
 * Memory exhaustion without a token. One address opens engine.io long-polling sessions and
 * never joins a deck, from 64 concurrent request loops (the attack measured at 357,180 sessions in 30 s
 * and 2 GB of RSS), for two minutes. Meanwhile a phone from another address joins every second over
 * long-polling, as the phone page falls back to. The server's RSS after a full collection, sampled
 * through the flood, must stay within 150 MiB of its baseline, and every phone must join within 1 s.
 *
 * The server runs with `--trust-proxy` and each client names its address in `X-Forwarded-For`: the
 * test runs on loopback, which lectern does not count (it is the speaker's own machine), and this is
 * the same code path a phone's own peer address takes on the LAN.
 */
import http from 'node:http';
import { io } from 'socket.io-client';
import { count, type Figure, mib, ms, percentile, recordFigure } from '../harness/figures.ts';
import { startStressRoom } from '../harness/stressRoom.ts';

const CONCURRENCY = 64;
const RSS_LIMIT = 150 * 2 ** 20;
const JOIN_LIMIT_MS = 1000;
const ATTACKER = '10.66.0.1';

export interface UnjoinedFloodResult {
  figure: Figure;
  opened: number;
  refused: number;
  rssGrowth: number;
  joinMaxMs: number;
  joinsFailed: number;
}

export async function unjoinedFlood(
  durationMs = Number(process.env.LECTERN_FLOOD_MS ?? 120_000),
): Promise<UnjoinedFloodResult> {
  const room = await startStressRoom('sqlite', { nodeFlags: ['--expose-gc'], args: ['--trust-proxy'] });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    const [url] = room.urls() as [string];
    const server = room.servers[0]!;
    const handshakeUrl = `${url}/socket.io/?EIO=4&transport=polling`;

    /** One phone from its own address joins over long-polling; resolves with how long it took. */
    let phoneNumber = 0;
    const joinOnce = (): Promise<number> => {
      phoneNumber += 1;
      const started = performance.now();
      const socket = io(url, {
        auth: { deck: room.deck, role: 'audience', clientId: `flood-phone-${String(phoneNumber).padStart(5, '0')}` },
        transports: ['polling'],
        extraHeaders: { 'X-Forwarded-For': `10.1.${phoneNumber >> 8}.${phoneNumber & 255}` },
        forceNew: true,
        reconnection: false,
        timeout: 10_000,
      });
      return new Promise<number>((resolve) => {
        const done = (value: number) => {
          socket.disconnect();
          resolve(value);
        };
        socket.once('snapshot', () => done(performance.now() - started));
        socket.once('connect_error', () => done(Infinity));
        setTimeout(() => done(Infinity), 10_000);
      });
    };

    await joinOnce();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const baseline = await server.memory();

    let opened = 0;
    let refused = 0;
    let otherAnswers = 0;
    let stop = false;
    const floodLoop = async () => {
      while (!stop) {
        await new Promise<void>((resolve) => {
          const req = http.get(handshakeUrl, { agent, headers: { 'X-Forwarded-For': ATTACKER } }, (res) => {
            if (res.statusCode === 200) opened += 1;
            else if (res.statusCode === 403) refused += 1;
            else otherAnswers += 1;
            res.resume();
            res.on('end', resolve);
          });
          req.on('error', () => {
            otherAnswers += 1;
            resolve();
          });
        });
      }
    };
    const started = Date.now();
    const loops = Array.from({ length: CONCURRENCY }, floodLoop);

    const joins: number[] = [];
    const rss: number[] = [];
    let nextSample = started + 10_000;
    while (Date.now() - started < durationMs) {
      joins.push(await joinOnce());
      if (Date.now() >= nextSample) {
        rss.push((await server.memory()).rss);
        nextSample += 10_000;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (Date.now() % 1000))));
    }
    stop = true;
    await Promise.all(loops);
    const elapsedS = (Date.now() - started) / 1000;
    rss.push((await server.memory()).rss);
    const peak = Math.max(...rss);
    const rssGrowth = peak - baseline.rss;
    const finite = joins.filter(Number.isFinite);
    const joinMaxMs = Math.max(...joins);
    const joinsFailed = joins.length - finite.length;
    const summary = /refused inputs \(\+\d+\): [^\n]*/.exec(server.output())?.[0] ?? '';
    const pass =
      rssGrowth <= RSS_LIMIT &&
      joinMaxMs <= JOIN_LIMIT_MS &&
      joinsFailed === 0 &&
      /too-many-sessions=\d+/.test(summary);
    const figure = recordFigure({
      item: '14. Unjoined-session flood',
      mode: 'SQLite',
      rule: `2 min of long-polling handshakes from one address (${CONCURRENCY} at a time): RSS +≤ 150 MiB, a phone joins within 1 s throughout`,
      measured:
        `${count(opened + refused)} handshakes in ${elapsedS.toFixed(0)} s: ${count(opened)} sessions opened, ${count(refused)} refused (403)` +
        (otherAnswers ? `, ${count(otherAnswers)} other` : '') +
        `; RSS ${mib(baseline.rss)} → peak ${mib(peak)} (+${mib(rssGrowth)}); ${joins.length} phones joined over long-polling, ` +
        `p50 ${ms(percentile(finite, 50))}, max ${ms(joinMaxMs)}, ${joinsFailed} failed; refusals in the summary line`,
      pass,
    });
    return { figure, opened, refused, rssGrowth, joinMaxMs, joinsFailed };
  } finally {
    agent.destroy();
    await room.close();
  }
}
