/**
 * Images as the room needs them: a photo straight off a camera (6000×4000, 38 MB) is resized at build
 * time to what a 1920-wide projector shows, with smaller variants for phones, all in WebP, offered
 * through `srcset` so each screen takes the one it needs. The variants are cached by content in
 * `.lectern/images/`, so an unchanged image is never resized twice.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DeckWarning } from './loadDeck.ts';

/** Widths made, capped at the image's own: a phone card (~360 CSS px at 3×) takes 1080, a projector 1920. */
export const IMAGE_WIDTHS = [1080, 1920] as const;
const QUALITY = 80;
/** What one deck's images may weigh, as the projector loads them, before the build says so. */
export const IMAGE_BUDGET_BYTES = 5 * 1024 * 1024;
/** Phones are under 700 CSS px wide and show an image across their card; anything else is a projector or laptop. */
const SIZES = '(max-width: 700px) 92vw, 100vw';
/** Formats resized; SVG is drawn at any size, and a GIF may be animated. */
const RESIZED = /\.(png|jpe?g|webp|avif|tiff?)$/i;

export interface ImageVariant {
  width: number;
  /** The file, in the cache folder. */
  file: string;
  bytes: number;
}

/** Resizes one image (or finds its variants in the cache). */
async function variantsOf(file: string, cacheDir: string): Promise<ImageVariant[]> {
  const source = fs.readFileSync(file);
  const key = createHash('sha256')
    .update(source)
    .update(`${IMAGE_WIDTHS.join(',')}q${QUALITY}`)
    .digest('hex')
    .slice(0, 16);
  const name = path.basename(file).replace(/\.[^.]+$/, '');
  const dir = path.join(cacheDir, key);
  const listed = path.join(dir, 'variants.json');
  const inDir = (variants: ImageVariant[]) =>
    variants.map((variant) => ({ ...variant, file: path.join(dir, variant.file) }));
  if (fs.existsSync(listed)) return inDir(JSON.parse(fs.readFileSync(listed, 'utf8')) as ImageVariant[]);

  // Loaded only when an image needs resizing: sharp brings libvips along.
  const { default: sharp } = await import('sharp');
  const { width: original = IMAGE_WIDTHS[0] } = await sharp(source).metadata();
  const widths = [...new Set(IMAGE_WIDTHS.map((width) => Math.min(width, original)))];
  fs.mkdirSync(dir, { recursive: true });
  const variants: ImageVariant[] = [];
  for (const width of widths) {
    const out = `${name}-${width}.webp`;
    const info = await sharp(source)
      .rotate()
      .resize({ width, withoutEnlargement: true })
      .webp({ quality: QUALITY })
      .toFile(path.join(dir, out));
    variants.push({ width, file: out, bytes: info.size });
  }
  // Written last: a build stopped half-way leaves no list, and the next one makes the variants again.
  fs.writeFileSync(listed, JSON.stringify(variants));
  return inDir(variants);
}

export interface ResponsiveResult {
  html: string;
  /** What the deck's images weigh as a projector loads them (the largest variant of each). */
  bytes: number;
  notices: DeckWarning[];
}

/**
 * Points every deck image of `html` (`<img src="/slides/<deck>/…">`) at its resized variants, and says
 * when the deck's images still weigh more than the budget.
 */
export async function responsiveImages(
  html: string,
  options: {
    root: string;
    deckId: string;
    deckDir: string;
    /** The deck file, and where each image is used, for the notice. */
    file: string;
    assets: ReadonlyArray<{ path: string; line: number }>;
  },
): Promise<ResponsiveResult> {
  const cacheDir = path.join(options.root, '.lectern', 'images');
  const prefix = `/slides/${options.deckId}/`;
  const done = new Map<string, ImageVariant[]>();
  const weights = new Map<string, number>();
  const tags = [...html.matchAll(/<img\b[^>]*?\ssrc="([^"]+)"[^>]*>/g)];
  for (const [, src] of tags) {
    if (!src!.startsWith(prefix) || done.has(src!)) continue;
    const relative = decodeURI(src!.slice(prefix.length));
    const file = path.join(options.deckDir, relative);
    if (!RESIZED.test(relative)) {
      weights.set(relative, fs.statSync(file).size);
      continue;
    }
    const variants = await variantsOf(file, cacheDir);
    done.set(src!, variants);
    weights.set(relative, variants.at(-1)!.bytes);
  }
  const rewritten = html.replace(
    /<img\b([^>]*?)\ssrc="([^"]+)"([^>]*)>/g,
    (tag, before: string, src: string, after: string) => {
      const variants = done.get(src);
      if (!variants) return tag;
      // Root-relative URLs of files under the talk folder: Vite bundles them as it does the deck's images.
      const url = (variant: ImageVariant) => `/${path.relative(options.root, variant.file).split(path.sep).join('/')}`;
      const srcset = variants.map((variant) => `${url(variant)} ${variant.width}w`).join(', ');
      return `<img${before} src="${url(variants.at(-1)!)}" srcset="${srcset}" sizes="${SIZES}" decoding="async"${after}>`;
    },
  );
  const bytes = [...weights.values()].reduce((sum, size) => sum + size, 0);
  const notices: DeckWarning[] = [];
  if (bytes > IMAGE_BUDGET_BYTES) {
    const [heaviest] = [...weights.entries()].sort((a, b) => b[1] - a[1]);
    const line = options.assets.find((asset) => asset.path === heaviest![0])?.line ?? 1;
    notices.push({
      file: options.file,
      line,
      message: `this deck's images weigh ${megabytes(bytes)} even resized, over ${megabytes(IMAGE_BUDGET_BYTES)} (the heaviest, ${heaviest![0]}, ${megabytes(heaviest![1])}, is here): every phone on the venue's wifi may load them; use fewer images, or crop them`,
    });
  }
  return { html: rewritten, bytes, notices };
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
