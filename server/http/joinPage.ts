/**
 * The phone's join page with the live slide inside it. A phone on a crowded access point would
 * otherwise wait for its scripts, a socket and the whole deck before it shows anything; with the slide
 * the talk is on in the page itself, drawn as the live card (liveCardHtml.ts), it paints that slide as
 * soon as the page and its stylesheet arrive, before its scripts run, and fetches the rest of the deck after.
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { SlidePosition } from '../../src/protocol.ts';
import { withLiveCard } from './liveCardHtml.ts';

const gzip = promisify(zlib.gzip);

/** `/<deck>/join/` (or its index.html): the page this module answers. */
const JOIN_PATH = /^\/([A-Za-z0-9_-]+)\/join\/(?:index\.html)?$/;

export type JoinPageHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  pathname: string,
) => Promise<boolean>;

/** One deck page's slides, as the build wrote them, by `h.v`, in reading order. */
interface DeckSlides {
  stamp: string;
  keys: string[];
  html: Map<string, string>;
}

/**
 * Each slide's `<section>` in the built deck page, speaker notes and scripts taken out. The deck page
 * is the build's own output: every slide is one `<section class="slide" data-slide="h.v">`, vertical
 * stacks wrap theirs in a bare `<section>`, and a slide holds no `<section>` of its own.
 */
export function splitDeckSlides(deckHtml: string): { keys: string[]; html: Map<string, string> } {
  const keys: string[] = [];
  const html = new Map<string, string>();
  const start = /<section\b[^>]*\bdata-slide="(\d+\.\d+)"[^>]*>/g;
  for (let match = start.exec(deckHtml); match; match = start.exec(deckHtml)) {
    const end = deckHtml.indexOf('</section>', start.lastIndex);
    if (end < 0) break;
    const section = deckHtml
      .slice(match.index, end + '</section>'.length)
      .replace(/<aside class="notes">[\s\S]*?<\/aside>/g, '')
      .replace(/<script\b[\s\S]*?<\/script>/g, '');
    keys.push(match[1]!);
    html.set(match[1]!, section);
    start.lastIndex = end;
  }
  return { keys, html };
}

/**
 * Answers the join page of a deck that is live with its slide inside; anything else (another path,
 * an unknown deck, a build without the feed's container) is left to the static files.
 * @param liveSlide the slide a deck's talk is on, or undefined for a deck that is not served.
 */
export function createJoinPageHandler(
  distDir: string,
  liveSlide: (deck: string) => SlidePosition | undefined,
): JoinPageHandler {
  const root = path.resolve(distDir);
  const decks = new Map<string, DeckSlides>();

  const slidesOf = async (deck: string): Promise<DeckSlides | null> => {
    const file = path.join(root, deck, 'index.html');
    const stat = await fs.promises.stat(file).catch(() => null);
    if (!stat?.isFile()) return null;
    const stamp = `${stat.size}:${stat.mtimeMs}`;
    const cached = decks.get(deck);
    if (cached?.stamp === stamp) return cached;
    const split = splitDeckSlides(await fs.promises.readFile(file, 'utf8'));
    const slides = { stamp, ...split };
    decks.set(deck, slides);
    return slides;
  };

  return async (req, res, pathname) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const deck = JOIN_PATH.exec(pathname)?.[1];
    const position = deck ? liveSlide(deck) : undefined;
    if (!deck || !position) return false;
    const page = await fs.promises.readFile(path.join(root, deck, 'join', 'index.html'), 'utf8').catch(() => null);
    const slides = await slidesOf(deck);
    const key = `${position.h}.${position.v}`;
    const section = slides?.html.get(key);
    if (!page || !slides || !section) return false;
    const served = withLiveCard(page, {
      key,
      step: position.f,
      index: slides.keys.indexOf(key),
      total: slides.keys.length,
      section,
    });
    if (!served) return false;
    const body = Buffer.from(served);
    // The slide of this moment: never kept by a browser or a proxy.
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Vary', 'Accept-Encoding');
    const wantsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const sent = wantsGzip ? await gzip(body, { level: 6 }) : body;
    if (wantsGzip) res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', sent.length);
    res.writeHead(200);
    res.end(req.method === 'HEAD' ? undefined : sent);
    return true;
  };
}
