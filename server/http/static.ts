/**
 * Serves the built decks from `dist/`: pages, hashed assets, media in byte ranges. Never a manifest (it holds
 * the answer keys), never a dotfile, never anything outside `dist/`.
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { byteRange, etagMatches } from './byteRange.ts';
import { sendStatus } from './respond.ts';

const gzip = promisify(zlib.gzip);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  // Media by their real types: with `nosniff`, Safari plays nothing sent as application/octet-stream.
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.ogv': 'video/ogg',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.wav': 'audio/wav',
  '.flac': 'audio/flac',
  '.vtt': 'text/vtt; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.pdf': 'application/pdf',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.webmanifest']);

/** Vite puts content-hashed files here: a name never changes meaning, so browsers may keep them. */
const IMMUTABLE_PREFIX = '/assets/';

/** Files never served whatever their folder: the manifest carries the quiz answers. */
const HIDDEN_NAMES = new Set(['manifest.json']);

export type StaticHandler = (req: http.IncomingMessage, res: http.ServerResponse, pathname: string) => Promise<void>;

export function createStaticHandler(distDir: string): StaticHandler {
  const root = path.resolve(distDir);
  const gzipCache = new Map<string, { key: string; body: Buffer }>();

  const compressed = async (file: string, stat: fs.Stats): Promise<Buffer> => {
    const key = `${stat.size}:${stat.mtimeMs}`;
    const cached = gzipCache.get(file);
    if (cached?.key === key) return cached.body;
    const body = await gzip(await fs.promises.readFile(file), { level: 6 });
    gzipCache.set(file, { key, body });
    return body;
  };

  return async (req, res, pathname) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendStatus(res, 405);
    }
    const relative = safeRelativePath(pathname);
    if (relative === null) return sendStatus(res, 404);

    let file = path.join(root, relative);
    let stat = await statOrNull(file);
    if (stat?.isDirectory()) {
      if (!pathname.endsWith('/')) {
        // Built from the cleaned path, never the raw one: `/.//deck` must not send the browser to the
        // protocol-relative `//deck/` (another host).
        res.setHeader('Location', `/${relative.split('/').map(encodeURIComponent).join('/')}/`);
        return sendStatus(res, 301);
      }
      file = path.join(file, 'index.html');
      stat = await statOrNull(file);
    }
    if (!stat?.isFile()) return sendStatus(res, 404);
    // A symlink inside dist/ must not lead outside it, nor to a file that is never served under its own
    // name (`leak.json → manifest.json` would hand out the answer keys).
    const real = await fs.promises.realpath(file).catch(() => null);
    if (!real || !(real === root || real.startsWith(root + path.sep))) return sendStatus(res, 404);
    if (safeRelativePath(`/${path.relative(root, real).split(path.sep).join('/')}`) === null)
      return sendStatus(res, 404);

    const ext = path.extname(file).toLowerCase();
    const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    res.setHeader('Content-Type', CONTENT_TYPES[ext] ?? 'application/octet-stream');
    res.setHeader('ETag', etag);
    res.setHeader(
      'Cache-Control',
      pathname.startsWith(IMMUTABLE_PREFIX) ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    if (etagMatches(req.headers['if-none-match'], etag)) return sendStatus(res, 304);

    // A range is of the file as stored, so a request for one is answered uncompressed.
    const rangeHeader = req.headers.range;
    const ifRange = req.headers['if-range'];
    const range = ifRange && ifRange !== etag ? 'whole' : byteRange(rangeHeader, stat.size);
    const wantsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (COMPRESSIBLE.has(ext)) res.setHeader('Vary', 'Accept-Encoding');
    if (range === 'whole' && wantsGzip && COMPRESSIBLE.has(ext) && stat.size >= 1024) {
      const body = await compressed(file, stat);
      res.setHeader('Content-Encoding', 'gzip');
      res.setHeader('Content-Length', body.length);
      res.writeHead(200);
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    res.setHeader('Accept-Ranges', 'bytes');
    if (range === 'unsatisfiable') {
      res.setHeader('Content-Range', `bytes */${stat.size}`);
      return sendStatus(res, 416);
    }
    const { start, end } = range === 'whole' ? { start: 0, end: stat.size - 1 } : range;
    res.setHeader('Content-Length', Math.max(0, end - start + 1));
    if (range !== 'whole') res.setHeader('Content-Range', `bytes ${start}-${end}/${stat.size}`);
    res.writeHead(range === 'whole' ? 200 : 206);
    if (req.method === 'HEAD' || stat.size === 0) {
      res.end();
      return;
    }
    await new Promise<void>((resolve) => {
      const stream = fs.createReadStream(file, { start, end });
      stream.on('error', () => {
        res.destroy();
        resolve();
      });
      stream.on('end', resolve);
      stream.pipe(res);
    });
  };
}

/**
 * The request path as a path relative to `dist/`, or null when it must not be served: undecodable,
 * a NUL or backslash, a `..` or dot segment (which also hides dotfiles), or a hidden file name.
 */
export function safeRelativePath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s.startsWith('.'))) return null;
  const last = segments.at(-1);
  if (last !== undefined && HIDDEN_NAMES.has(last.toLowerCase())) return null;
  return segments.join('/');
}

async function statOrNull(file: string): Promise<fs.Stats | null> {
  try {
    return await fs.promises.stat(file);
  } catch {
    return null;
  }
}
