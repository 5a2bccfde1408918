/**
 * The decks a server runs: every `dist/<deck>/manifest.json` found at start-up. The manifest holds the
 * answer keys, so it is read here and never served.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DECK_NAME } from '../src/compile/deckName.ts';
import { QUESTION_MODES } from '../src/protocol.ts';
import type { TalkManifest } from './talk/talk.ts';

const slideRef = z.object({ h: z.int().min(0), v: z.int().min(0) });

/** The parts of the manifest the live server relies on; the rest is the pages' business. */
const manifestSchema = z.object({
  id: z.string().regex(DECK_NAME),
  title: z.string(),
  /** Every slide of the deck: `slide:set` is refused for one that is not here. Titles and sections: for the report. */
  slides: z.array(slideRef.extend({ title: z.string().optional(), section: z.int().nullable().optional() })).optional(),
  /** The plan the report measures the talk against. */
  sections: z
    .array(z.object({ number: z.int(), title: z.string(), minutes: z.number().min(0), firstSlide: z.int().min(0) }))
    .optional(),
  room: z.object({ questions: z.enum(QUESTION_MODES), reactions: z.boolean() }).optional(),
  polls: z.array(
    z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('quiz'),
        id: z.string().min(1).max(64),
        slide: slideRef,
        prompt: z.string(),
        choices: z.array(z.string()).min(2).max(6),
        answer: z.int().min(0),
        explanation: z.string(),
      }),
      z.object({
        kind: z.literal('rating'),
        id: z.literal('rating'),
        slide: slideRef,
        prompt: z.string(),
        scale: z.literal(5),
      }),
    ]),
  ),
});

export function parseManifest(json: unknown, source: string): TalkManifest {
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${source}: not a lectern manifest: ${z.prettifyError(parsed.error)}`);
  for (const poll of parsed.data.polls) {
    if (poll.kind === 'quiz' && poll.answer >= poll.choices.length) {
      throw new Error(`${source}: poll ${poll.id} has its answer outside its choices`);
    }
  }
  return parsed.data;
}

/**
 * Reads every deck's manifest under `distDir`, keyed by deck id (which is also its folder). A manifest
 * that cannot be read is left out and told to `skip`: one bad deck never stops the others.
 */
export function loadDecks(
  distDir: string,
  skip: (problem: string) => void = (problem) => {
    throw new Error(problem);
  },
): Map<string, TalkManifest> {
  const decks = new Map<string, TalkManifest>();
  if (!fs.existsSync(distDir)) return decks;
  for (const entry of fs.readdirSync(distDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const file = path.join(distDir, entry.name, 'manifest.json');
    if (!fs.existsSync(file)) continue;
    try {
      const manifest = parseManifest(JSON.parse(fs.readFileSync(file, 'utf8')), file);
      if (manifest.id !== entry.name) throw new Error(`${file}: id "${manifest.id}" does not match its folder`);
      decks.set(manifest.id, manifest);
    } catch (error) {
      skip(error instanceof Error ? error.message : String(error));
    }
  }
  return decks;
}
