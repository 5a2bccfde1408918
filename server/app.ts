/**
 * The server in one factory: HTTP (API + static files) and socket.io on the same port, one live talk
 * per deck found in `dist/`. It does not listen; `main.ts` and the tests do.
 */
import http from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import { WIRE_PATH } from '../src/protocol.ts';
import { createAccessPolicy } from './access/accessPolicy.ts';
import { clientAddress, createPhoneCap, networkOf } from './access/phoneCap.ts';
import { createSessionGuard, type SessionGuard, type SessionGuardOptions } from './access/sessionGuard.ts';
import { createTokenGuard, type TokenGuardOptions } from './access/tokenGuard.ts';
import type { Cluster } from './cluster/types.ts';
import { createApiHandler } from './http/api.ts';
import { createJoinPageHandler } from './http/joinPage.ts';
import { sendStatus } from './http/respond.ts';
import { setSecurityHeaders } from './http/securityHeaders.ts';
import { createStaticHandler, type StaticHandler } from './http/static.ts';
import { recordAudienceTimeline } from './live/audienceTimeline.ts';
import { createDispatcher } from './live/dispatcher.ts';
import { createFailureSummary, type FailureSummary } from './live/failureSummary.ts';
import type { FanoutMode } from './live/fanout.ts';
import type { LecternServer } from './live/liveDeck.ts';
import { LiveDeck } from './live/liveDeck.ts';
import { closeSessionsOnOversizedPost } from './live/oversizedPolling.ts';
import { createWireEndpoint } from './live/phoneWire/endpoint.ts';
import type { HeartbeatOptions } from './live/phoneWire/heartbeat.ts';
import { createRejections, type Rejections } from './live/rejections.ts';
import { forgetHandshakeRequest, releaseUpgradeRequests } from './live/socketIoInternals.ts';
import { attachSockets } from './live/sockets.ts';
import { loadDecks } from './loadDecks.ts';
import { consoleLogger, type Logger } from './log.ts';
import type { NewRunRequest, RunInfo, TalkStore } from './store/types.ts';
import { defaultRunName } from './talk/runs.ts';
import { Talk, type TalkManifest } from './talk/talk.ts';

/** Phones one address may bring to a deck: a family, a speaker's test devices, never a script. */
export const DEFAULT_MAX_PHONES_PER_IP = 50;

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface AppDeps {
  store: TalkStore;
  /** The secret a presenter socket and the results download must show. */
  presenterToken: string;
  /** Built decks: pages, assets and each deck's `manifest.json`. @defaultValue `<project>/dist` */
  distDir?: string;
  /** Origins allowed besides the server's own, e.g. `http://lectern.local:3000`. @defaultValue [] */
  allowedOrigins?: readonly string[];
  /** Origin phones can reach (the LAN address), for the join URL and QR code. @defaultValue the request's Host */
  publicOrigin?: () => string | undefined;
  /** Minimum time between two counter messages to the presenter sockets. @defaultValue 250 */
  statsIntervalMs?: number;
  /** Minimum time between two counter messages to the audience. @defaultValue 1000 */
  audienceStatsIntervalMs?: number;
  /** How room broadcasts reach the sockets (see `live/fanout.ts`). @defaultValue 'direct' */
  fanout?: FanoutMode;
  /** Incoming messages larger than this close the socket. @defaultValue 16 KiB */
  maxMessageBytes?: number;
  /**
   * Distinct phones (audience client ids) one network address may bring to a deck; 0 for no cap.
   * Loopback is never counted. See `phoneCap.ts`. @defaultValue 50
   */
  maxPhonesPerIp?: number;
  /** Behind a reverse proxy: count phones by the address it appends to `X-Forwarded-For`. @defaultValue false */
  trustProxy?: boolean;
  /** Caps on engine.io sessions per address before and after joining (see `sessionGuard.ts`). @defaultValue its defaults */
  sessions?: SessionGuardOptions;
  /** Backoff for wrong presenter tokens per address (see `tokenGuard.ts`). @defaultValue its defaults */
  tokenGuesses?: TokenGuardOptions;
  /** How often, at most, failed events (the store refusing) are summarised in the log. @defaultValue 5000 */
  failureReportMs?: number;
  /** @defaultValue the console */
  log?: Logger;
  /** Several processes serving the same talks through one Redis (`server/cluster/`). @defaultValue none: this process alone */
  cluster?: Cluster;
  /** The decks to run, instead of reading `distDir` (`lectern dev` compiles them from the slides). */
  manifests?: ReadonlyMap<string, TalkManifest>;
  /** What answers requests that are not the API, instead of the files of `distDir` (`lectern dev`: Vite). */
  serveFiles?: StaticHandler;
  /** Start every deck on a new run (`lectern start --new-run`). @defaultValue resume each deck's current run */
  newRun?: NewRunRequest;
  /** Time between two audience samples in a run's timeline. @defaultValue 5000 */
  audienceSampleMs?: number;
  /** Pings to the phones on the plain WebSocket wire (`live/phoneWire/`). @defaultValue every 25 s, 20 s to answer */
  wireHeartbeat?: HeartbeatOptions;
}

export interface App {
  httpServer: http.Server;
  io: LecternServer;
  decks: ReadonlyMap<string, LiveDeck>;
  rejections: Rejections;
  failures: FailureSummary;
  sessions: SessionGuard;
  /** Disconnects everyone and stops serving. The store stays open: whoever opened it closes it. */
  close(): Promise<void>;
}

export async function createApp(deps: AppDeps): Promise<App> {
  const log = deps.log ?? consoleLogger;
  const distDir = deps.distDir ?? path.join(PROJECT_ROOT, 'dist');
  const rejections = createRejections(log);
  const failures = createFailureSummary(log, deps.failureReportMs);

  const trustProxy = deps.trustProxy ?? false;
  const allowedOrigins = deps.allowedOrigins ?? [];
  const access = createAccessPolicy({ allowedOrigins, trustProxy });
  const sessions = createSessionGuard(deps.sessions, () => rejections.count('unjoined-closed'));
  const tokenGuard = createTokenGuard(deps.tokenGuesses);
  /** The network a request is counted under; null for loopback (see `phoneCap.ts`). */
  const networkOfRequest = (req: http.IncomingMessage): string | null =>
    networkOf(clientAddress(req.socket.remoteAddress, req.headers, trustProxy));

  const manifests = deps.manifests ?? loadDecks(distDir, (problem) => log.warn(`not served: ${problem}`));
  if (manifests.size === 0) log.warn(`no built decks in ${distDir}: nothing to present`);

  // Our listener must exist before socket.io attaches: engine.io wraps the listeners it finds so that
  // its own path (`/socket.io/`, long-polling included) never reaches them. One added later would also
  // answer socket.io's requests.
  let serveHttp: http.RequestListener = (_req, res) => sendStatus(res, 503);
  const httpServer = http.createServer((req, res) => serveHttp(req, res));
  const maxMessageBytes = deps.maxMessageBytes ?? 16 * 1024;
  const io: LecternServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: maxMessageBytes,
    // engine.io would end every upgrade not on its path, the phone wire's included: `upgradeOthers` below does.
    destroyUpgrade: false,
    // Slide messages are tiny and go to thousands of sockets: compressing each costs more than it saves.
    perMessageDeflate: false,
    httpCompression: { threshold: 2048 },
    // Every new engine.io session, long-polling or WebSocket, before it costs anything: a host this
    // server answers to, a page of its own, and room under the address's caps.
    allowRequest: (req, callback) => {
      const verdict = access.checkHandshake(req);
      if (verdict !== 'ok') {
        rejections.count(verdict);
        return callback(verdict, false);
      }
      const network = networkOfRequest(req);
      const admitted = sessions.admit(req, network);
      if (admitted !== 'ok') {
        rejections.count('too-many-sessions');
        return sessions.refuseLater(network, () => callback(admitted, false));
      }
      callback(null, true);
    },
    ...deps.cluster?.serverOptions,
  });
  // What the socket checks need of the handshake request is read here, once: the network its phones
  // are counted under. The request itself is let go of (about 0.8 KB a phone), as is the one an
  // upgrade to WebSocket came with.
  const sessionNetworks = new WeakMap<object, string | null>();
  io.engine.on('connection', (session: Parameters<SessionGuard['opened']>[0]) => {
    sessions.opened(session);
    if (session.request) sessionNetworks.set(session, networkOfRequest(session.request));
    forgetHandshakeRequest(session);
  });
  releaseUpgradeRequests(io);
  io.engine.on('connection_error', (error: { req: http.IncomingMessage }) => sessions.failed(error.req));
  // socket.io's own answers (handshakes, polls, refusals) carry the same headers as every page.
  io.engine.use((_req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => {
    if (typeof res.setHeader === 'function' && !res.headersSent) setSecurityHeaders(res);
    next();
  });
  closeSessionsOnOversizedPost(httpServer, io, () => rejections.count('too-large'));

  const decks = new Map<string, LiveDeck>();
  const deckOptions = {
    statsIntervalMs: deps.statsIntervalMs,
    audienceStatsIntervalMs: deps.audienceStatsIntervalMs,
    fanout: deps.fanout,
  };
  for (const manifest of manifests.values()) {
    const run = await currentRun(deps.store, manifest.id, deps.newRun);
    const stored = await deps.store.load(manifest.id);
    const live =
      deps.cluster?.createDeck(io, manifest, stored, run, deckOptions) ??
      new LiveDeck(io, new Talk(manifest, stored, run), deckOptions);
    decks.set(live.talk.deck, live);
  }
  const timelines = [...decks.values()].map((live) => recordAudienceTimeline(live, deps.store, deps.audienceSampleMs));

  const phoneCap = createPhoneCap(deps.maxPhonesPerIp ?? DEFAULT_MAX_PHONES_PER_IP);
  const dispatch = createDispatcher({ decks, store: deps.store, rejections, failures });
  attachSockets(io, dispatch, {
    decks,
    presenterToken: deps.presenterToken,
    rejections,
    failures,
    phoneCap,
    sessions,
    tokenGuard,
    networkOfSession: (session) => sessionNetworks.get(session),
  });
  // Phones on the plain WebSocket wire: the same checks, caps, dispatcher and rooms as socket.io's.
  const wire = createWireEndpoint({
    decks,
    rejections,
    phoneCap,
    sessions,
    dispatch,
    access,
    networkOfRequest,
    maxPayload: maxMessageBytes,
    heartbeat: deps.wireHeartbeat,
  });
  const enginePath = `${io.path()}/`;
  httpServer.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = req.url ?? '/';
    if (url.startsWith(enginePath)) return;
    if (url === WIRE_PATH || url.startsWith(`${WIRE_PATH}?`)) return wire.upgrade(req, socket, head);
    upgradeOthers(socket);
  });
  const detachCluster = deps.cluster?.attach(io, decks);
  // The speaker's pages say "the room is not following" while the store refuses changes.
  failures.onChange((ok) => {
    for (const live of decks.values()) io.to([live.rooms.presenter, live.rooms.projector]).emit('store', { ok });
  });

  const api = createApiHandler({
    decks,
    store: deps.store,
    presenterToken: deps.presenterToken,
    publicOrigin: deps.publicOrigin,
    tokenGuard,
    guessKey: (req) => networkOfRequest(req) ?? 'loopback',
    rejections,
  });
  const files = deps.serveFiles ?? createStaticHandler(distDir);
  // Built pages only: with `serveFiles` (the dev server) the join page is Vite's to transform.
  const joinPage = deps.serveFiles ? null : createJoinPageHandler(distDir, (deck) => decks.get(deck)?.talk.slide);
  serveHttp = (req, res) => {
    setSecurityHeaders(res);
    if (!access.hostAllowed(req.headers.host)) {
      rejections.count('bad-host');
      return sendStatus(res, 421);
    }
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      return sendStatus(res, 400);
    }
    api(req, res, pathname)
      .then(async (handled) => handled || ((await joinPage?.(req, res, pathname)) ?? false))
      .then((handled) => (handled ? undefined : files(req, res, pathname)))
      .catch((error: unknown) => {
        log.warn(`GET ${pathname} failed: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) sendStatus(res, 500);
        else res.destroy();
      });
  };

  return {
    httpServer,
    io,
    decks,
    rejections,
    failures,
    sessions,
    async close() {
      wire.close();
      failures.close();
      await detachCluster?.();
      sessions.close();
      for (const timeline of timelines) timeline.close();
      for (const live of decks.values()) live.close();
      rejections.close();
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
        httpServer.closeAllConnections();
      });
    },
  };
}

/**
 * An upgrade for a path nobody serves is ended, as engine.io's `destroyUpgrade` did: after a moment,
 * and only if nothing answered it (Vite's dev server answers its own HMR upgrades on this server).
 */
function upgradeOthers(socket: Duplex & { bytesWritten?: number }): void {
  setTimeout(() => {
    if (socket.writable && (socket.bytesWritten ?? 0) <= 0) socket.end();
  }, 1000).unref();
}

/** The run a deck resumes: its current one (its first, for a deck never given), or a new one when asked for. */
async function currentRun(store: TalkStore, deck: string, wanted: NewRunRequest | undefined): Promise<RunInfo> {
  if (!wanted) return store.ensureRun(deck, { name: defaultRunName(new Date()), rehearsal: false });
  return (await store.newRun(deck, { ...wanted, name: wanted.name.trim() || defaultRunName(new Date()) })).run;
}
