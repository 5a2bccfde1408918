import yaml from 'js-yaml';
import { z } from 'zod';
import { QUESTION_MODES } from '../protocol.ts';
import { DeckError } from './errors.ts';
import { THEMES } from './manifest.ts';

const DeckMetaSchema = z.object({
  title: z.string().min(1),
  subtitle: z.string().optional(),
  kicker: z.string().optional(),
  level: z.string().optional(),
  buildsOn: z.string().optional(),
  theme: z.enum(THEMES).default('dark'),
  /** Questions from the room: `open` shows them at once, `approve` after the speaker approves each, `off`. */
  questions: z.enum(QUESTION_MODES).default('open'),
  /** Whether phones can send reactions (the speaker can still switch them live). */
  reactions: z.boolean().default(true),
});

export type DeckMeta = z.infer<typeof DeckMetaSchema>;

export interface SplitFrontmatter {
  meta: DeckMeta;
  body: string;
  /** How many lines the frontmatter took, so body line numbers map back to the file. */
  bodyLineOffset: number;
}

/** Separates and validates the YAML block at the top of a deck. */
export function readFrontmatter(source: string, file: string): SplitFrontmatter {
  const lines = source.split('\n');
  if (lines[0]?.trim() !== '---') {
    throw new DeckError(file, 1, 'a deck starts with a frontmatter block between two `---` lines (title is required)');
  }
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  if (end < 0) throw new DeckError(file, 1, 'the frontmatter block is never closed with `---`');

  let data: unknown;
  try {
    data = yaml.load(lines.slice(1, end).join('\n')) ?? {};
  } catch (error) {
    const mark = (error as { mark?: { line: number } }).mark;
    throw new DeckError(
      file,
      2 + (mark?.line ?? 0),
      `frontmatter is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const parsed = DeckMetaSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DeckError(file, 2, `frontmatter ${issue.path.join('.') || 'block'}: ${issue.message}`);
  }
  return { meta: parsed.data, body: lines.slice(end + 1).join('\n'), bodyLineOffset: end + 1 };
}
