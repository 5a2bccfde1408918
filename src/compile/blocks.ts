import type { MarkdownIt, Token } from 'markdown-it';
import container from 'markdown-it-container';
import { type CompileEnv, failAt, textOnlyEnv } from './env.ts';
import { escapeHtml } from './escape.ts';

/** Opening and closing HTML of one `:::` block, given its argument text. */
interface BlockSpec {
  open(args: string, env: CompileEnv, token: Token, md: MarkdownIt): string;
  close?: string | ((env: CompileEnv) => string);
}

/** The longest section: three hours is a day's workshop, and more is a typo. */
export const SECTION_MINUTES_MAX = 180;

/** Placeholder for the deck's total minutes, known only once every section is read. */
export const TOTAL_MINUTES_MARK = '<!--lectern:total-minutes-->';

const BLOCKS: Record<string, BlockSpec> = {
  cover: {
    open(_args, env) {
      env.slide.cover = true;
      const kicker = env.meta.kicker ? `<p class="kicker" dir="auto">${escapeHtml(env.meta.kicker)}</p>` : '';
      return `<div class="cover">${kicker}\n`;
    },
    close(env) {
      const chips = [
        `~${TOTAL_MINUTES_MARK} min`,
        env.meta.level,
        env.meta.buildsOn && `builds on ${env.meta.buildsOn}`,
      ]
        .filter(Boolean)
        .map(
          (chip) =>
            `<span dir="auto">${chip === `~${TOTAL_MINUTES_MARK} min` ? chip : escapeHtml(chip as string)}</span>`,
        );
      return `<p class="cover-meta">${chips.join('')}</p></div>\n`;
    },
  },
  section: {
    open(args, env, token) {
      // The first word is the minutes when it looks like a number at all; otherwise they were left out.
      const match = /^(-|[-+]?[\d.,e]+)\s+(.+)$/i.exec(args);
      if (!match)
        failAt(
          env,
          token,
          'a section needs minutes and a title',
          'e.g. `::: section 6 The control plane` (or `-` for untimed)',
        );
      const minutes = match[1] === '-' ? null : Number(match[1]);
      if (minutes !== null && !(/^\d+$/.test(match[1]!) && minutes >= 1 && minutes <= SECTION_MINUTES_MAX))
        failAt(
          env,
          token,
          `a section's minutes are a whole number from 1 to ${SECTION_MINUTES_MAX}, not ${match[1]}`,
          'write `-` for an untimed part: `::: section - Questions`',
        );
      if (env.slide.section) failAt(env, token, 'a slide can start only one section');
      env.slide.section = { title: match[2]!.trim(), minutes };
      return '<div class="section-opener">\n';
    },
  },
  definition: {
    open(args, env, token, md) {
      if (!args) failAt(env, token, 'a definition needs its term: `::: definition Control plane`');
      return `<dl class="definition"><dt dir="auto">${md.renderInline(args, env)}</dt><dd>\n`;
    },
    close: '</dd></dl>\n',
  },
  callout: {
    open(args, env, token) {
      const kind = args || 'note';
      if (!['note', 'warn', 'tip'].includes(kind))
        failAt(env, token, `callout kind must be note, warn or tip, not "${kind}"`);
      return `<div class="callout callout-${kind}">\n`;
    },
  },
  figure: {
    open: () => '<figure class="figure">\n',
    close: () => '',
  },
  cards: { open: () => '<div class="cards">\n' },
  card: {
    open(args, env, token, md) {
      const [title, tagline] = args.split('|').map((part) => part.trim());
      if (!title) failAt(env, token, 'a card needs a title: `::: card Kubebuilder | The SIG-native scaffolder`');
      const taglineHtml = tagline ? `<p class="card-tagline" dir="auto">${md.renderInline(tagline, env)}</p>` : '';
      return `<article class="card"><header><h3 dir="auto">${md.renderInline(title, env)}</h3>${taglineHtml}</header>\n`;
    },
    close: '</article>\n',
  },
  rules: { open: () => '<div class="rules">\n' },
  fragments: { open: () => '<div class="fragments">\n' },
  fragment: { open: () => '<div class="fragment">\n' },
  notes: { open: () => '<aside class="notes">\n', close: '</aside>\n' },
  quiz: {
    // The choices and the answer are taken out of the tokens by the quiz rule; this only frames them.
    open(args, env, token, md) {
      return `<div class="lectern-quiz" data-poll="${(token.meta as { pollId: string }).pollId}"><p class="quiz-prompt" dir="auto">${md.renderInline(args, textOnlyEnv(env))}</p>\n`;
    },
    close: '<p class="quiz-status" aria-live="polite"></p></div>\n',
  },
  rating: {
    open(args, env, token, md) {
      if (env.polls.some((poll) => poll.kind === 'rating')) failAt(env, token, 'a deck has at most one rating block');
      const prompt = args || 'Rate this talk';
      env.polls.push({ kind: 'rating', id: 'rating', prompt, scale: 5 });
      env.slide.poll = 'rating';
      return `<div class="lectern-rating" data-poll="rating"><p class="rating-prompt" dir="auto">${md.renderInline(prompt, env)}</p>\n`;
    },
    close() {
      const buttons = [1, 2, 3, 4, 5]
        .map(
          (score) =>
            `<button type="button" class="rating-score" data-score="${score}" aria-label="${score} of 5">${score}</button>`,
        )
        .join('');
      return `<div class="rating-scale" role="group">${buttons}</div><p class="rating-summary" aria-live="polite"></p></div>\n`;
    },
  },
};

export const BLOCK_NAMES = Object.keys(BLOCKS);

/** The caption is the figure's argument but belongs after its content, so it is kept on the open token. */
function figureClose(tokens: Token[], idx: number, md: MarkdownIt, env: CompileEnv): string {
  let depth = 0;
  for (let i = idx - 1; i >= 0; i--) {
    const token = tokens[i]!;
    if (token.type === 'container_figure_close') depth++;
    if (token.type === 'container_figure_open') {
      if (depth === 0) {
        const caption = token.info.trim().replace(/^figure\s*/, '');
        return `${caption ? `<figcaption dir="auto">${md.renderInline(caption, env)}</figcaption>` : ''}</figure>\n`;
      }
      depth--;
    }
  }
  return '</figure>\n';
}

/** Registers every lectern block on a markdown-it instance. */
export function useBlocks(md: MarkdownIt): void {
  for (const [name, spec] of Object.entries(BLOCKS)) {
    md.use(container, name, {
      validate: (params: string) => params.trim().split(/\s+/)[0] === name,
      render(tokens: Token[], idx: number, _options: unknown, env: CompileEnv) {
        const token = tokens[idx]!;
        if (token.nesting === 1) {
          const args = token.info.trim().slice(name.length).trim();
          return spec.open(args, env, token, md);
        }
        if (name === 'figure') return figureClose(tokens, idx, md, env);
        const close = spec.close ?? '</div>\n';
        return typeof close === 'function' ? close(env) : close;
      },
    });
  }
}
