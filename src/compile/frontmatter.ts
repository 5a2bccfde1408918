import yaml from 'js-yaml';
import { z } from 'zod';
import { QUESTION_MODES } from '../protocol.ts';
import { nearestName } from './didYouMean.ts';
import { DeckError } from './errors.ts';
import { THEMES } from './manifest.ts';

/** A language tag as `<html lang>` takes it: `en`, `de-CH`, `zh-Hant`. */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

const DeckMetaSchema = z.object({
  title: z.string().min(1),
  subtitle: z.string().optional(),
  kicker: z.string().optional(),
  level: z.string().optional(),
  buildsOn: z.string().optional(),
  theme: z.enum(THEMES).default('dark'),
  /** The language of the deck's text, for screen readers, hyphenation and fonts. */
  lang: z.string().regex(LANGUAGE_TAG, 'a language tag such as en, de or pt-BR').default('en'),
  /**
   * Raw HTML in the deck: `safe` keeps only an allow-list of elements and attributes (no scripts, no
   * event handlers, no `javascript:` URLs); `trusted` keeps it as written, for a deck whose every line
   * its speaker wrote.
   */
  html: z.enum(['safe', 'trusted']).default('safe'),
  /** Questions from the room: `open` shows them at once, `approve` after the speaker approves each, `off`. */
  questions: z.enum(QUESTION_MODES).default('open'),
  /** Whether phones can send reactions (the speaker can still switch them live). */
  reactions: z.boolean().default(true),
});

export type DeckMeta = z.infer<typeof DeckMetaSchema>;

const KNOWN_KEYS = Object.keys(DeckMetaSchema.shape);

export interface SplitFrontmatter {
  meta: DeckMeta;
  body: string;
  /** How many lines the frontmatter took, so body line numbers map back to the file. */
  bodyLineOffset: number;
}

/** Separates and validates the YAML block at the top of a deck; every fault is at its line in the file. */
export function readFrontmatter(source: string, file: string): SplitFrontmatter {
  const lines = source.split('\n');
  if (lines[0]?.trim() !== '---') {
    throw new DeckError(file, 1, 'a deck starts with a frontmatter block between two `---` lines (title is required)');
  }
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  if (end < 0) throw new DeckError(file, 1, 'the frontmatter block is never closed with `---`');
  /** The file line of a top-level key, or the frontmatter's first line. */
  const lineOfKey = (key: string) => {
    const index = lines.slice(1, end).findIndex((line) => line.startsWith(key) && /^\s*:/.test(line.slice(key.length)));
    return index < 0 ? 2 : index + 2;
  };

  let data: unknown;
  try {
    data = yaml.load(lines.slice(1, end).join('\n')) ?? {};
  } catch (error) {
    // js-yaml counts from the block's first line, and its message repeats that position: both are the block's, not the file's.
    const { mark, reason } = error as { mark?: { line: number }; reason?: string };
    throw new DeckError(
      file,
      2 + (mark?.line ?? 0),
      `frontmatter is not valid YAML: ${reason ?? (error as Error).message.split('\n')[0]}`,
      'a value holding a colon or starting with a quote, `[` or `{` needs quotes around it',
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new DeckError(file, 2, 'the frontmatter is a list of `key: value` lines', 'e.g. `title: My talk`');
  for (const key of Object.keys(data)) {
    if (KNOWN_KEYS.includes(key)) continue;
    const near = nearestName(key, KNOWN_KEYS);
    throw new DeckError(
      file,
      lineOfKey(key),
      `unknown frontmatter key "${key}"`,
      `${near ? `did you mean "${near}"? ` : ''}the keys are ${KNOWN_KEYS.join(', ')}`,
    );
  }
  const parsed = DeckMetaSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    throw new DeckError(
      file,
      key ? lineOfKey(key) : 2,
      `frontmatter ${key || 'block'}: ${issue.message}`,
      key === 'title' && !('title' in data) ? 'add a line `title: …` (the library and the cover show it)' : undefined,
    );
  }
  return { meta: parsed.data, body: lines.slice(end + 1).join('\n'), bodyLineOffset: end + 1 };
}
