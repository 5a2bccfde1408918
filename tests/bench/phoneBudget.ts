/**
 * The phone page's code budget: gzip size of the JS and CSS that `dist/<deck>/join/index.html` loads
 * before it can show anything, following static imports (not lazy `import()`), slide content apart.
 * The budget is 60 KB. socket.io-client (about 13 KB) is not in it: the phone speaks its own
 * WebSocket wire and loads socket.io-client only as the fallback.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DIST } from '../helpers/build.ts';
import { pageAssets } from '../helpers/pageAssets.ts';

export const PHONE_BUDGET_BYTES = 60 * 1024;

export interface AssetSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface PhoneBudget {
  deck: string;
  assets: AssetSize[];
  jsGzip: number;
  cssGzip: number;
  totalGzip: number;
}

export function measurePhoneBudget(deck: string, distDir = DIST): PhoneBudget {
  const { upFront } = pageAssets(distDir, path.join(deck, 'join', 'index.html'));
  const assets = upFront.map((file): AssetSize => {
    const body = fs.readFileSync(file);
    return {
      file: path.relative(distDir, file),
      bytes: body.length,
      gzipBytes: zlib.gzipSync(body, { level: 9 }).length,
    };
  });
  const sum = (ext: string) => assets.filter((a) => a.file.endsWith(ext)).reduce((total, a) => total + a.gzipBytes, 0);
  const jsGzip = sum('.js');
  const cssGzip = sum('.css');
  return { deck, assets, jsGzip, cssGzip, totalGzip: jsGzip + cssGzip };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Rows for the bench table: the phone page's gzip weight per deck, against the 60 KB budget. */
export async function phoneBudgetRows(distDir = DIST): Promise<[string, string][]> {
  const decks = fs
    .readdirSync(distDir, { withFileTypes: true })
    .filter((entry) => fs.existsSync(path.join(distDir, entry.name, 'join', 'index.html')));
  return decks.map((entry): [string, string] => {
    const budget = measurePhoneBudget(entry.name, distDir);
    return [
      `phone page JS+CSS, gzip (${entry.name})`,
      `${kb(budget.totalGzip)} (JS ${kb(budget.jsGzip)}, CSS ${kb(budget.cssGzip)}; budget 60 KB)`,
    ];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const distDir = process.argv[2] ? path.resolve(process.argv[2]) : DIST;
  for (const [name, value] of await phoneBudgetRows(distDir)) console.log(`${name}: ${value}`);
  const budget = measurePhoneBudget(
    fs.readdirSync(distDir).find((d) => fs.existsSync(path.join(distDir, d, 'join')))!,
    distDir,
  );
  for (const asset of budget.assets) console.log(`  ${asset.file}: ${asset.bytes} B, ${asset.gzipBytes} B gzip`);
}
