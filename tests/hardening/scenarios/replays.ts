/**
 * One phone votes 50 times, changing its mind, replaying packets byte for byte (same ack id),
 * retrying a vote whose ack it did not wait for (a new ack id, as a client library's retry does), and
 * dropping its connection mid-burst to come back, sometimes on another node; every third session is
 * socket.io-client with its own retries (`retries`, a tiny `ackTimeout`) instead. What it was last
 * told is stored must be its one ballot.
 */
import { io } from 'socket.io-client';
import { AUDIENCE_LIMIT } from '../../../server/live/rateLimit.ts';
import { seededRandom } from '../../helpers/random.ts';
import type { Figure } from '../harness/figures.ts';
import { openRawEngine, type RawEngine } from '../harness/rawEngine.ts';

export interface ReplayOptions {
  /** Servers the phone may reach: one, or the nodes of a cluster (each session picks the next). */
  urls: string[];
  deck: string;
  clientId: string;
  pollId: string;
  choices: number;
  /** @defaultValue 50 */
  votes?: number;
  seed?: number;
}

export interface ReplayRun {
  /** Distinct votes (user intents) sent. */
  votes: number;
  /** Packets sent, replays and retries included. */
  packets: number;
  replays: number;
  retries: number;
  /** Sessions dropped before their acks came back. */
  dropped: number;
  /** Acks with `ok: true` received. */
  acked: number;
  /** Answers `rate-limited`: refusals, not acknowledgements (the phone is paced to make them rare). */
  rateLimited: number;
  /** The choice in the last `ok` ack received. */
  lastAcked: number;
}

const RECONNECT_DELAY_MS = 250;

/** Per session, under the audience burst of 10. */
const PACKETS_PER_SESSION = 9;

/**
 * The phone's rate-limit bucket as the server keeps it (by client id, across sessions), so the phone
 * can wait for tokens before a burst: replays and retries are what this run is about, not the limit.
 */
function bucketModel() {
  let tokens = AUDIENCE_LIMIT.burst;
  let at = Date.now();
  const refill = () => {
    const now = Date.now();
    tokens = Math.min(AUDIENCE_LIMIT.burst, tokens + ((now - at) * AUDIENCE_LIMIT.perSecond) / 1000);
    at = now;
  };
  return {
    async waitFor(packets: number) {
      refill();
      if (tokens < packets)
        await new Promise((resolve) =>
          setTimeout(resolve, ((packets - tokens) / AUDIENCE_LIMIT.perSecond) * 1000 + 50),
        );
    },
    spend(packets: number) {
      refill();
      tokens = Math.max(0, tokens - packets);
    },
  };
}

export async function runReplays(options: ReplayOptions): Promise<ReplayRun> {
  const random = seededRandom(options.seed ?? 50);
  const total = options.votes ?? 50;
  const run: ReplayRun = {
    votes: 0,
    packets: 0,
    replays: 0,
    retries: 0,
    dropped: 0,
    acked: 0,
    rateLimited: 0,
    lastAcked: -1,
  };
  const bucket = bucketModel();
  let session = 0;
  let choice = Math.floor(random() * options.choices);

  const nextChoice = () => {
    // Change the mind most of the time, vote the same again sometimes.
    if (random() < 0.8) choice = (choice + 1 + Math.floor(random() * (options.choices - 1))) % options.choices;
    return choice;
  };

  while (run.votes < total) {
    const url = options.urls[session % options.urls.length]!;
    session += 1;
    await bucket.waitFor(PACKETS_PER_SESSION);
    const packetsBefore = run.packets;
    // The last session is always a raw one, whose acks are all awaited: a library emit that gave up
    // after its retries could still have been stored, and would leave the last ack unknown.
    if (session % 3 === 0 && run.votes + 6 < total) {
      await libraryRetrySession(url, options, Math.min(3, total - run.votes), nextChoice, run);
      bucket.spend(run.packets - packetsBefore);
      continue;
    }
    const raw: RawEngine = await openRawEngine(url, {
      deck: options.deck,
      role: 'audience',
      clientId: options.clientId,
    });
    // Dropping a session mid-burst loses acks; never the last, so the last ack is known.
    const drop = run.votes + 6 < total && random() < 0.2;
    let ackId = 0;
    let expectedAcks = 0;
    while (expectedAcks < PACKETS_PER_SESSION - 2 && run.votes < total) {
      const choice = nextChoice();
      const id = ackId++;
      const frame = `42${id}${JSON.stringify(['vote', { pollId: options.pollId, choice }])}`;
      raw.frame(frame);
      run.votes += 1;
      run.packets += 1;
      expectedAcks += 1;
      const roll = random();
      if (roll < 0.25) {
        raw.frame(frame);
        run.replays += 1;
        run.packets += 1;
        expectedAcks += 1;
      } else if (roll < 0.4) {
        const retryId = ackId++;
        raw.frame(`42${retryId}${JSON.stringify(['vote', { pollId: options.pollId, choice }])}`);
        run.retries += 1;
        run.packets += 1;
        expectedAcks += 1;
      }
    }
    bucket.spend(run.packets - packetsBefore);
    if (drop) {
      raw.close();
      run.dropped += 1;
      // The phone page's first reconnect waits at least this long (500 ms, jitter ±50%); by then the
      // dropped session's last packets have reached the store on whichever node read them.
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_DELAY_MS));
      continue;
    }
    const acks = (frames: string[]) => frames.filter((f) => f.startsWith('43'));
    await raw.until((frames) => acks(frames).length === expectedAcks);
    for (const frame of acks(raw.frames)) {
      const [reply] = JSON.parse(frame.replace(/^43\d+/, '')) as [{ ok: boolean; choice?: number; error?: string }];
      if (!reply.ok && reply.error === 'rate-limited') {
        run.rateLimited += 1;
        continue;
      }
      if (!reply.ok) throw new Error(`vote refused: ${reply.error}`);
      run.acked += 1;
      run.lastAcked = reply.choice!;
    }
    raw.close();
  }
  return run;
}

/**
 * socket.io-client resending a vote whose ack is late (after 5 ms here, so retries really happen). Its
 * retries count against the rate limit like any packet, so a `rate-limited` answer is possible and is
 * simply not an acknowledgement.
 */
async function libraryRetrySession(
  url: string,
  options: ReplayOptions,
  votes: number,
  nextChoice: () => number,
  run: ReplayRun,
): Promise<void> {
  const socket = io(url, {
    auth: { deck: options.deck, role: 'audience', clientId: options.clientId },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    retries: 3,
    ackTimeout: 5,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('snapshot', () => resolve());
      socket.once('connect_error', reject);
    });
    let packets = 0;
    socket.io.engine.on('packetCreate', (packet: { type: string }) => {
      if (packet.type === 'message') packets += 1;
    });
    for (let i = 0; i < votes; i++) {
      const reply = (await socket
        .emitWithAck('vote', { pollId: options.pollId, choice: nextChoice() })
        .catch(() => null)) as {
        ok: boolean;
        choice?: number;
        error?: string;
      } | null;
      run.votes += 1;
      if (reply?.ok) {
        run.acked += 1;
        run.lastAcked = reply.choice!;
      } else if (reply?.error === 'rate-limited') run.rateLimited += 1;
      else if (reply) throw new Error(`vote refused: ${reply.error}`);
    }
    run.packets += packets;
    run.retries += packets - votes;
  } finally {
    socket.disconnect();
  }
}

/** The figures row for runs that all passed (`expected` of them). */
export function replayFigure(mode: string, runs: ReplayRun[], expected: number, extra: string): Figure {
  const sum = (key: keyof ReplayRun) => runs.reduce((total, run) => total + run[key], 0);
  return {
    item: '2. Replays',
    mode,
    rule: 'one phone, 50 votes with changes, replays and retries: one ballot, the last acknowledged',
    measured:
      `${runs.length}/${expected} runs of 50 votes (${sum('packets')} packets: ${sum('replays')} byte-for-byte replays, ` +
      `${sum('retries')} retries, ${sum('dropped')} dropped sessions; ${sum('rateLimited')} rate-limited): one ballot = last ack every time, ${extra}`,
    pass: runs.length === expected,
  };
}
