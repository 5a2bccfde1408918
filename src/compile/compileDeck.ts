import { TOTAL_MINUTES_MARK } from './blocks.ts';
import type { AssetRef, CompileEnv, DiagramRef, SlideFacts } from './env.ts';
import { DeckError } from './errors.ts';
import { escapeHtml } from './escape.ts';
import { readFrontmatter } from './frontmatter.ts';
import type { DeckManifest, PollSpec, SectionInfo, SlideInfo } from './manifest.ts';
import { createMarkdown } from './markdown.ts';
import { bodyLayout, slideParts } from './slideLayout.ts';
import { splitSlides } from './split.ts';
import { htmlToText } from './text.ts';

export interface CompileOptions {
  /** The deck's folder name. */
  deckId: string;
  /** Path shown in error messages. */
  file: string;
  /** SVG already rendered for a diagram's source; by default none is. */
  renderDiagram?: (source: string) => string | undefined;
}

export interface CompiledDeck {
  /** reveal.js `<section>`s, ready for `.reveal > .slides`. */
  html: string;
  manifest: DeckManifest;
  /** Every Mermaid diagram, so the build can render the ones it has no SVG for. */
  diagrams: DiagramRef[];
  /** Every relative file the deck uses, so the build can check they exist. */
  assets: AssetRef[];
  /** What the author should know though the deck builds (raw HTML the allow-list removed). */
  warnings: Array<{ line: number; message: string }>;
}

interface RenderedSlide {
  h: number;
  v: number;
  html: string;
  facts: SlideFacts;
  fragments: number;
}

const md = createMarkdown();

const pad = (n: number) => String(n).padStart(2, '0');

function slideTitle(html: string, facts: SlideFacts, index: number): string {
  const heading = /<h[1-3][^>]*>([\s\S]*?)<\/h[1-3]>/.exec(html);
  if (heading) return htmlToText(heading[1]!);
  const prompt = /<p class="(?:quiz|rating)-prompt"[^>]*>([\s\S]*?)<\/p>/.exec(html);
  if (prompt) return htmlToText(prompt[1]!);
  const term = /<dt[^>]*>([\s\S]*?)<\/dt>/.exec(html);
  if (term) return htmlToText(term[1]!);
  // A slide that is a picture or a clip is named by what it shows.
  const described = /<(?:img\b[^>]*?\salt|(?:video|audio)\b[^>]*?\saria-label)="([^"]+)"/.exec(html);
  if (described) return htmlToText(described[1]!);
  return facts.section?.title ?? `Slide ${index + 1}`;
}

/** The kicker line and section counter that every slide of a section shows; the title is isolated so an RTL title keeps its minutes after it. */
function kickerLine(section: SectionInfo | null, untimedTitle: string | null, sectionCount: number): string {
  if (section) {
    return (
      `<header class="slide-kicker"><span class="kicker-text">${pad(section.number)} · <bdi>${escapeHtml(section.title)}</bdi> · ${section.minutes} min</span>` +
      `<span class="section-counter">${pad(section.number)}/${pad(sectionCount)}</span></header>`
    );
  }
  if (untimedTitle)
    return `<header class="slide-kicker"><span class="kicker-text"><bdi>${escapeHtml(untimedTitle)}</bdi></span></header>`;
  return '';
}

/** A section opener shows its number, its name and its minutes large, above its headline. */
function openerMeta(section: SectionInfo | null, untimedTitle: string | null, sectionCount: number): string {
  if (section) {
    return (
      `<p class="opener-meta"><span class="opener-number">${pad(section.number)}<span class="opener-of">/${pad(sectionCount)}</span></span>` +
      `<span class="opener-name"><bdi>${escapeHtml(section.title)}</bdi></span><span class="opener-minutes">${section.minutes} min</span></p>`
    );
  }
  return `<p class="opener-meta"><span class="opener-name"><bdi>${escapeHtml(untimedTitle ?? '')}</bdi></span></p>`;
}

/**
 * Frames a slide: the kicker line, its title, and its body in a `.slide-body` the theme centres under
 * the title. The cover, a section's opener and the closing (rating) slide are headlines of their own,
 * so they carry no kicker.
 */
function wrapSlide(
  slide: RenderedSlide,
  section: SectionInfo | null,
  untimedTitle: string | null,
  sectionCount: number,
): string {
  const { facts } = slide;
  const closing = facts.poll === 'rating';
  const classes = [
    'slide',
    facts.cover && 'slide-cover',
    facts.section && 'slide-section-start',
    facts.poll && 'slide-poll',
    closing && 'slide-closing',
  ]
    .filter(Boolean)
    .join(' ');
  const kicker = facts.cover || facts.section || closing ? '' : kickerLine(section, untimedTitle, sectionCount);
  const parts = slideParts(slide.html);
  const body = facts.section
    ? parts.body.replace(
        /<div class="section-opener"[^>]*>/,
        (open) => `${open}${openerMeta(section, untimedTitle, sectionCount)}`,
      )
    : parts.body;
  const sectionAttr = section ? ` data-section="${section.number}"` : '';
  return (
    `<section class="${classes}"${sectionAttr} data-slide="${slide.h}.${slide.v}">${kicker}\n` +
    `${parts.title}<div class="slide-body ${bodyLayout(parts.body)}">\n${body}</div>\n${parts.notes}</section>`
  );
}

/**
 * Compiles one deck's Markdown into reveal.js sections and its manifest.
 * Pure: no file access, so tests need no disk and the build decides what I/O to do.
 */
export function compileDeck(source: string, options: CompileOptions): CompiledDeck {
  const { meta, body, bodyLineOffset } = readFrontmatter(source.replace(/\r\n?/g, '\n'), options.file);
  const env: CompileEnv = {
    deckId: options.deckId,
    file: options.file,
    meta,
    lineOffset: 0,
    slide: { cover: false },
    polls: [],
    diagrams: [],
    assets: [],
    warnings: [],
    renderDiagram: options.renderDiagram ?? (() => undefined),
  };

  const rendered: RenderedSlide[] = [];
  const pollSlides = new Map<string, { h: number; v: number }>();
  let h = -1;
  let v = 0;
  for (const slide of splitSlides(body, bodyLineOffset, options.file)) {
    if (slide.vertical && h >= 0) v++;
    else [h, v] = [h + 1, 0];
    env.lineOffset = slide.firstLine;
    env.slide = { cover: false };
    const html = md.render(slide.text, env);
    if (env.slide.poll) pollSlides.set(env.slide.poll, { h, v });
    const fragments = (html.match(/class="[^"]*\bfragment\b/g) ?? []).length;
    rendered.push({ h, v, html, facts: env.slide, fragments });
  }

  if (rendered.length === 0)
    throw new DeckError(
      options.file,
      bodyLineOffset,
      'this deck has no slides: phones and the projector would show nothing',
      'write a first slide under the frontmatter, e.g. `# Hello`',
    );

  // Sections are known only after every slide is read: the counter needs their total.
  const sections: SectionInfo[] = [];
  const slideSection: Array<SectionInfo | null> = [];
  const slideUntimed: Array<string | null> = [];
  let current: SectionInfo | null = null;
  let untimed: string | null = null;
  for (const slide of rendered) {
    const opened = slide.facts.section;
    if (opened && opened.minutes !== null) {
      current = { number: sections.length + 1, title: opened.title, minutes: opened.minutes, firstSlide: slide.h };
      sections.push(current);
      untimed = null;
    } else if (opened) {
      current = null;
      untimed = opened.title;
    }
    slideSection.push(current);
    slideUntimed.push(untimed);
  }
  const minutes = sections.reduce((sum, section) => sum + section.minutes, 0);

  const slides: SlideInfo[] = rendered.map((slide, i) => ({
    h: slide.h,
    v: slide.v,
    title: slideTitle(slide.html, slide.facts, i),
    section: slideSection[i]?.number ?? null,
    fragments: slide.fragments,
    ...(slide.facts.poll ? { poll: slide.facts.poll } : {}),
  }));

  const stacks: string[][] = [];
  rendered.forEach((slide, i) => {
    const html = wrapSlide(slide, slideSection[i]!, slideUntimed[i]!, sections.length).replaceAll(
      TOTAL_MINUTES_MARK,
      String(minutes),
    );
    stacks[slide.h] ??= [];
    stacks[slide.h]!.push(html);
  });
  const html = stacks
    .map((stack) => (stack.length === 1 ? stack[0] : `<section class="stack">\n${stack.join('\n')}\n</section>`))
    .join('\n');

  const polls = env.polls.map((poll) => ({ ...poll, slide: pollSlides.get(poll.id)! }) as PollSpec);
  const manifest: DeckManifest = {
    id: options.deckId,
    title: meta.title,
    ...(meta.subtitle ? { subtitle: meta.subtitle } : {}),
    ...(meta.kicker ? { kicker: meta.kicker } : {}),
    ...(meta.level ? { level: meta.level } : {}),
    ...(meta.buildsOn ? { buildsOn: meta.buildsOn } : {}),
    theme: meta.theme,
    lang: meta.lang,
    minutes,
    sections,
    slides,
    slideCount: slides.length,
    polls,
    room: { questions: meta.questions, reactions: meta.reactions },
  };
  return { html, manifest, diagrams: env.diagrams, assets: env.assets, warnings: env.warnings };
}
