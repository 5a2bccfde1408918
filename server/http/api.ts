/**
 * The JSON side of the server, under `/api/talks`. Pages ask it whether a live talk runs and where
 * phones should go; the presenter downloads results, the list of runs and the report with the token.
 */
import type http from 'node:http';
import { paths, type TalkInfo } from '../../src/protocol.ts';
import { bearerToken, tokensMatch } from '../access/presenterToken.ts';
import type { TokenGuard } from '../access/tokenGuard.ts';
import type { Rejections } from '../live/rejections.ts';
import { readAllRuns, readRun, UnknownRunError } from '../results/readRuns.ts';
import { buildTalkReport } from '../results/report.ts';
import { summarizeRun } from '../results/runSummary.ts';
import { buildResults, resultsToCsv } from '../results/talkResults.ts';
import type { TalkStore } from '../store/types.ts';
import { Talk } from '../talk/talk.ts';
import { qrSvg } from './qrCode.ts';
import { sendJson, sendStatus, sendText } from './respond.ts';

export interface ApiDeps {
  /** Each deck's live talk (its current run's, replaced when a new run starts). */
  decks: ReadonlyMap<string, { readonly talk: Talk }>;
  /** Where the runs before the current one are read from. */
  store: TalkStore;
  presenterToken: string;
  /** Origin phones can reach, e.g. `http://192.168.1.23:3000`; the request's own host when unset. */
  publicOrigin?: () => string | undefined;
  /** Backoff for wrong tokens, shared with the socket handshake. */
  tokenGuard: TokenGuard;
  /** The address a request's guesses are counted under. */
  guessKey: (req: http.IncomingMessage) => string;
  rejections: Rejections;
}

const PREFIX = '/api/talks';

/** Returns false when the path is not an API path, so the caller can serve a file instead. */
export function createApiHandler(deps: ApiDeps) {
  const joinUrl = (req: http.IncomingMessage, deck: string): string => {
    const origin = deps.publicOrigin?.() ?? `http://${req.headers.host ?? 'localhost'}`;
    return new URL(paths.join(deck), origin).href;
  };

  /** The presenter token, with the backoff for wrong ones; answers the refusal itself. */
  const authorized = (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    const key = deps.guessKey(req);
    const allowed = deps.tokenGuard.mayTry(key);
    if (!allowed.ok) {
      deps.rejections.count('slow-down');
      const retryAfter = String(Math.ceil(allowed.retryAfterMs / 1000));
      sendText(res, 429, '429 Too Many Requests: too many wrong tokens, wait\n', 'text/plain; charset=utf-8', {
        'Retry-After': retryAfter,
      });
      return false;
    }
    const token = bearerToken(req.headers.authorization);
    if (token === null || !tokensMatch(token, deps.presenterToken)) {
      deps.tokenGuard.failed(key);
      deps.rejections.count('bad-token');
      sendText(res, 401, '401 Unauthorized\n', 'text/plain; charset=utf-8', { 'WWW-Authenticate': 'Bearer' });
      return false;
    }
    deps.tokenGuard.succeeded(key);
    return true;
  };

  /** Results, runs and the report: of the live run unless `?run=` names another (its number or name). */
  const sendPresenterData = async (
    res: http.ServerResponse,
    live: Talk,
    action: 'results.json' | 'results.csv' | 'runs.json' | 'report.json',
    query: URLSearchParams,
  ): Promise<void> => {
    const deck = live.deck;
    const manifest = live.manifestOf();
    const wanted = query.get('run') ?? undefined;
    if (action === 'runs.json') {
      sendJson(
        res,
        200,
        (await readAllRuns(deps.store, deck)).map((record) => summarizeRun(manifest, record)),
      );
      return;
    }
    if (action === 'report.json') {
      const all = await readAllRuns(deps.store, deck);
      const shown = [await readRun(deps.store, deck, wanted)];
      const compare = query.get('compare');
      if (compare) shown.push(await readRun(deps.store, deck, compare));
      const records = shown.filter((record) => record !== null);
      sendJson(res, 200, buildTalkReport(manifest, records, all), { 'Cache-Control': 'no-store' });
      return;
    }
    // The live run from memory (exact to the last vote); another run from the store.
    const record = wanted === undefined ? null : await readRun(deps.store, deck, wanted);
    const talk = record ? new Talk(manifest, record.stored, record.run) : live;
    const results = buildResults(talk, new Date());
    const suffix = record ? `-run-${record.run.id}` : '';
    const download = { 'Content-Disposition': `attachment; filename="${deck}${suffix}-results.${action.slice(8)}"` };
    if (action === 'results.json') sendJson(res, 200, results, download);
    else sendText(res, 200, resultsToCsv(results), 'text/csv; charset=utf-8', download);
  };

  return async (req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<boolean> => {
    if (pathname !== PREFIX && !pathname.startsWith(`${PREFIX}/`)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendStatus(res, 405);
      return true;
    }
    const [deck, action, ...rest] = pathname.slice(PREFIX.length + 1).split('/');
    if (!deck) {
      const list: TalkInfo[] = [...deps.decks.values()].map(({ talk: t }) => ({
        live: true,
        deck: t.deck,
        title: t.title,
      }));
      sendJson(res, 200, list);
      return true;
    }
    const talk = deps.decks.get(deck)?.talk;
    if (!talk || rest.length > 0) {
      sendStatus(res, 404);
      return true;
    }
    switch (action) {
      case undefined:
      case '': {
        const info: TalkInfo = { live: true, deck: talk.deck, title: talk.title };
        sendJson(res, 200, info);
        return true;
      }
      case 'join-url':
        sendJson(res, 200, { url: joinUrl(req, deck) });
        return true;
      case 'join-qr.svg': {
        const svg = qrSvg(joinUrl(req, deck));
        sendText(res, 200, svg, 'image/svg+xml', { 'Cache-Control': 'no-cache' });
        return true;
      }
      case 'results.json':
      case 'results.csv':
      case 'runs.json':
      case 'report.json': {
        if (!authorized(req, res)) return true;
        const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
        try {
          await sendPresenterData(res, talk, action, query);
        } catch (error) {
          if (!(error instanceof UnknownRunError)) throw error;
          sendJson(res, 404, { error: error.message });
        }
        return true;
      }
      default:
        sendStatus(res, 404);
        return true;
    }
  };
}
