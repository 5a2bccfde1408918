/**
 * The join URL as a QR code: an SVG for the speaker's pages, half-block characters for the terminal.
 * Drawn with qrcode's encoder and just these two of its renderers, each loaded when first asked for:
 * its main entry also loads its PNG, UTF-8 and canvas renderers and pngjs, some 4 MB of RSS the talk
 * server would hold idle for a QR code printed once at the start.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** What qrcode's encoder returns, as its renderers take it. */
type QrData = { readonly modules: unknown };
type Render = (data: QrData, options: object) => string;

const encode = (text: string): QrData =>
  (require('qrcode/lib/core/qrcode.js') as { create(text: string, options: object): QrData }).create(text, {});

/** As `QRCode.toString(text, { type: 'svg', margin: 1 })`. */
export function qrSvg(text: string): string {
  const { render } = require('qrcode/lib/renderer/svg-tag.js') as { render: Render };
  return render(encode(text), { margin: 1 });
}

/** As `QRCode.toString(text, { type: 'terminal', small: true })`. */
export function qrTerminal(text: string): string {
  const { render } = require('qrcode/lib/renderer/terminal/terminal-small.js') as { render: Render };
  return render(encode(text), { small: true });
}
