/**
 * What the terminal shows once the talk runs: per deck the short join URL, the projector and the
 * presenter URL, then one QR code for the phones (a deck's join page, or the chooser with several).
 */
import { qrTerminal } from '../server/http/qrCode.ts';
import { paths, TOKEN_FRAGMENT_KEY } from '../src/protocol.ts';

export interface BannerOptions {
  origin: string;
  decks: string[];
  token: string;
  /** The presenter token is printed only to a terminal, never into a log. */
  tokenShown: boolean;
  /** The deck the QR code points to (`--deck`). @defaultValue the only deck, else the chooser */
  qrDeck?: string;
}

export async function joinBanner(options: BannerOptions): Promise<string> {
  const { origin, decks } = options;
  const token = options.tokenShown ? options.token : '<LECTERN_PRESENTER_TOKEN>';
  const lines: string[] = [];
  for (const deck of decks) {
    lines.push(`\n${deck}`);
    lines.push(`  join      ${origin}${paths.join(deck)}`);
    lines.push(`  projector ${origin}${paths.deck(deck)}`);
    lines.push(`  presenter ${origin}${paths.speaker(deck)}#${TOKEN_FRAGMENT_KEY}=${token}`);
  }
  const qrDeck = options.qrDeck ?? (decks.length === 1 ? decks[0] : undefined);
  const qrUrl = qrDeck && decks.includes(qrDeck) ? `${origin}${paths.join(qrDeck)}` : `${origin}${paths.joinChooser}`;
  const what = qrDeck && decks.includes(qrDeck) ? `join ${qrDeck}` : 'choose a talk';
  lines.push(`\nPhones scan to ${what}: ${qrUrl}`);
  lines.push(qrTerminal(qrUrl));
  return lines.join('\n');
}
