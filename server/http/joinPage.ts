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
  /** A built file read once and kept while its size and time stay the same. */
  const files = new Map<string, { stamp: string; value: unknown }>();
  const readKept = async <T>(file: string, parse: (text: string) => T): Promise<{ stamp: string; value: T } | null> => {
    const stat = await fs.promises.stat(file).catch(() => null);
    if (!stat?.isFile()) return null;
    const stamp = `${stat.size}:${stat.mtimeMs}`;
    const kept = files.get(file);
    if (kept?.stamp === stamp) return kept as { stamp: string; value: T };
    const fresh = { stamp, value: parse(await fs.promises.readFile(file, 'utf8')) };
    files.set(file, fresh);
    return fresh;
  };
  /** The page last served per deck: a crowd joining at one slide gets one render and one gzip. */
  const served = new Map<string, { key: string; plain: Buffer; gzipped: Buffer }>();

  const render = async (deck: string, position: SlidePosition) => {
    const page = await readKept(path.join(root, deck, 'join', 'index.html'), (text) => text);
    const slides = await readKept(path.join(root, deck, 'index.html'), splitDeckSlides);
    if (!page || !slides) return null;
    const slideKey = `${position.h}.${position.v}`;
    const key = `${page.stamp}|${slides.stamp}|${slideKey}.${position.f}`;
    const last = served.get(deck);
    if (last?.key === key) return last;
    const section = slides.value.html.get(slideKey);
    if (!section) return null;
    // Loaded with the first page drawn, not at start: an idle lectern stays as small as it was.
    const { isolateTextHtml } = await import('../../src/core/isolateTextHtml.ts');
    const html = withLiveCard(page.value, {
      key: slideKey,
      step: position.f,
      index: slides.value.keys.indexOf(slideKey),
      total: slides.value.keys.length,
      section: isolateTextHtml(section),
    });
    if (!html) return null;
    const plain = Buffer.from(html);
    const fresh = { key, plain, gzipped: await gzip(plain, { level: 6 }) };
    served.set(deck, fresh);
    return fresh;
  };

  return async (req, res, pathname) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const deck = JOIN_PATH.exec(pathname)?.[1];
    const position = deck ? liveSlide(deck) : undefined;
    if (!deck || !position) return false;
    const page = await render(deck, position);
    if (!page) return false;
    // The slide of this moment: never kept by a browser or a proxy.
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Vary', 'Accept-Encoding');
    const wantsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const sent = wantsGzip ? page.gzipped : page.plain;
    if (wantsGzip) res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', sent.length);
    res.writeHead(200);
    res.end(req.method === 'HEAD' ? undefined : sent);
    return true;
  };
}
