/**
 * Presenter-token guessing from one address, the way the attack was measured: one loop of
 * WebSocket handshakes with a wrong token each (a refused handshake now also ends its connection, so
 * each guess needs a new one) and one loop of results downloads with a wrong bearer token, both from
 * this machine, for 20 s. Counted: the wrong tokens the server actually checked and answered
 * (`bad-token`, 401), against those it refused unchecked while the address waits (`slow-down`, 429).
 * The right token from elsewhere is taken meanwhile.
 */
import WebSocket from 'ws';
import { count, type Figure, recordFigure } from '../harness/figures.ts';
import { HARDENING_TOKEN } from '../harness/serverProcess.ts';
import { startStressRoom } from '../harness/stressRoom.ts';

const DURATION_MS = 20_000;
const LIMIT_PER_SECOND = 20;

export interface TokenGuessingResult {
  figure: Figure;
  checkedPerSecond: number;
  presenterJoined: boolean;
}

function guessOverWebSocket(url: string, deck: string, guess: string): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    let answer = 'closed';
    ws.on('message', (data) => {
      const text = data.toString();
      if (text.startsWith('0'))
        ws.send(`40${JSON.stringify({ deck, role: 'presenter', clientId: 'guesser-00001', token: guess })}`);
      // Every guess this connection can send until the server closes it.
      if (text.startsWith('44')) {
        answer = (JSON.parse(text.slice(2)) as { message: string }).message;
        for (let i = 0; i < 100; i += 1)
          ws.send(
            `40${JSON.stringify({ deck, role: 'presenter', clientId: 'guesser-00001', token: `${guess}-${i}` })}`,
          );
      }
    });
    ws.on('error', () => undefined);
    ws.on('close', () => resolve(answer));
  });
}

export async function tokenGuessing(): Promise<TokenGuessingResult> {
  const room = await startStressRoom('sqlite', { args: ['--trust-proxy'] });
  try {
    const [url] = room.urls() as [string];
    const answers = { 'bad-token': 0, 'slow-down': 0, other: 0, 401: 0, 429: 0, httpOther: 0 };
    let stop = false;
    let n = 0;
    const started = Date.now();
    const wsLoop = async () => {
      while (!stop) {
        n += 1;
        const answer = await guessOverWebSocket(url, room.deck, `guess-${n}`);
        if (answer === 'bad-token' || answer === 'slow-down') answers[answer] += 1;
        else answers.other += 1;
      }
    };
    const httpLoop = async () => {
      while (!stop) {
        n += 1;
        const response = await fetch(`${url}/api/talks/${room.deck}/results.json`, {
          headers: { Authorization: `Bearer guess-${n}` },
        });
        await response.arrayBuffer();
        if (response.status === 401 || response.status === 429) answers[response.status] += 1;
        else answers.httpOther += 1;
      }
    };
    const loops = [wsLoop(), httpLoop()];
    await new Promise((resolve) => setTimeout(resolve, DURATION_MS / 2));
    // The speaker, on another address (behind the proxy), still gets in with the right token.
    const presenterJoined = await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
        headers: { 'X-Forwarded-For': '10.2.0.1' },
      });
      ws.on('message', (data) => {
        const text = data.toString();
        if (text.startsWith('0'))
          ws.send(
            `40${JSON.stringify({ deck: room.deck, role: 'presenter', clientId: 'speaker-00001', token: HARDENING_TOKEN })}`,
          );
        if (text.startsWith('42["snapshot"')) {
          ws.close();
          resolve(true);
        }
        if (text.startsWith('44')) resolve(false);
      });
      ws.on('error', () => resolve(false));
    });
    await new Promise((resolve) => setTimeout(resolve, DURATION_MS / 2));
    stop = true;
    await Promise.all(loops);
    const seconds = (Date.now() - started) / 1000;
    const checked = answers['bad-token'] + answers[401];
    const unchecked = answers['slow-down'] + answers[429];
    const checkedPerSecond = checked / seconds;
    const pass = checkedPerSecond <= LIMIT_PER_SECOND && presenterJoined && answers.httpOther === 0;
    const figure = recordFigure({
      item: '15. Token guessing',
      mode: 'SQLite',
      rule: 'wrong presenter tokens from one address (WebSocket and results download): ≤ 20 answered/s on average',
      measured:
        `${seconds.toFixed(0)} s: ${count(checked)} wrong tokens checked and answered (${checkedPerSecond.toFixed(2)}/s; ` +
        `${answers['bad-token']} WebSocket, ${answers[401]} HTTP 401), ${count(unchecked)} refused unchecked while the address waits ` +
        `(${count(answers['slow-down'])} slow-down, ${count(answers[429])} HTTP 429); the right token from another address: ${presenterJoined ? 'in' : 'REFUSED'}`,
      pass,
    });
    return { figure, checkedPerSecond, presenterJoined };
  } finally {
    await room.close();
  }
}
