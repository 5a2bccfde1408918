import type { MarkdownIt, StateCore, Token } from 'markdown-it';
import { type CompileEnv, failAt, lineOf, textOnlyEnv } from './env.ts';
import { htmlLeftOut } from './htmlRules.ts';
import { htmlToText } from './text.ts';

const CHOICE = /^\[( |x|X)\]\s+/;
const WHY = /^Why:\s*/;

/** Index of the token that closes the block opened at `open`. */
export function closingIndex(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    depth += tokens[i]!.nesting;
    if (depth === 0) return i;
  }
  return tokens.length - 1;
}

/**
 * Turns a quiz block's task list into numbered choices and lifts the answer key
 * and the explanation out of the HTML: they belong in the manifest, which the
 * server keeps from the audience until the reveal.
 */
function readQuiz(md: MarkdownIt, state: StateCore, open: number): void {
  const env = state.env as unknown as CompileEnv;
  const tokens = state.tokens;
  const openToken = tokens[open]!;
  let close = closingIndex(tokens, open);
  const prompt = openToken.info.trim().replace(/^quiz\s*/, '');
  if (!prompt) failAt(env, openToken, 'a quiz needs its question: `::: quiz Which component talks to etcd?`');

  /** A prompt or choice as text: raw HTML left out, as on the projector, so every screen reads the same. */
  const asText = (markdown: string) => {
    const text = textOnlyEnv(env);
    if (htmlLeftOut(md.parseInline(markdown, text)[0])) withHtml = true;
    return htmlToText(md.renderInline(markdown, text));
  };
  let withHtml = false;
  const choices: string[] = [];
  let answer = -1;
  let explanation = '';
  let listSeen = false;
  for (let i = open + 1; i < close; i++) {
    const token = tokens[i]!;
    if (token.type === 'bullet_list_open' && token.level === openToken.level + 1 && !listSeen) {
      listSeen = true;
      token.tag = 'ol';
      token.attrJoin('class', 'quiz-choices');
      tokens[closingIndex(tokens, i)]!.tag = 'ol';
    } else if (token.type === 'list_item_open' && token.level === openToken.level + 2) {
      const inline = tokens.slice(i).find((t) => t.type === 'inline')!;
      const marker = CHOICE.exec(inline.content);
      if (!marker) failAt(env, token, 'each quiz choice is a task item: `- [ ] wrong` or `- [x] right`');
      if (marker[1] !== ' ') {
        if (answer >= 0) failAt(env, token, 'a quiz has exactly one right choice, and this is a second `[x]`');
        answer = choices.length;
      }
      inline.content = inline.content.slice(marker[0].length);
      inline.meta = { ...(inline.meta as object | null), textOnly: true };
      token.attrSet('class', 'quiz-choice');
      token.attrSet('data-choice', String(choices.length));
      choices.push(asText(inline.content));
    } else if (token.type === 'paragraph_open' && token.level === openToken.level + 1) {
      const inline = tokens[i + 1]!;
      if (WHY.test(inline.content)) {
        explanation = asText(inline.content.replace(WHY, ''));
        tokens.splice(i, 3);
        close -= 3;
        i--;
      }
    }
  }
  if (choices.length < 2 || choices.length > 6)
    failAt(env, openToken, `a quiz has 2 to 6 choices, this one has ${choices.length}`);
  if (answer < 0) failAt(env, openToken, 'a quiz needs exactly one right choice marked `- [x]`, and none is');
  if (!explanation) failAt(env, openToken, 'a quiz needs a one-line explanation: a paragraph starting `Why:`');
  if (env.slide.poll) failAt(env, openToken, 'a slide holds one quiz or rating at most');

  const id = `q${env.polls.filter((poll) => poll.kind === 'quiz').length + 1}`;
  openToken.meta = { pollId: id };
  env.slide.poll = id;
  const promptText = asText(prompt);
  if (withHtml)
    env.warnings.push({
      line: lineOf(env, openToken),
      message:
        'raw HTML in this quiz is left out: its prompt and choices are text, the same on the projector, the phones and the speaker view',
    });
  env.polls.push({ kind: 'quiz', id, prompt: promptText, choices, answer, explanation });
}

export function useQuiz(md: MarkdownIt): void {
  md.core.ruler.before('inline', 'lectern_quiz', (state: StateCore) => {
    state.tokens.forEach((token: Token, i: number) => {
      if (token.type === 'container_quiz_open') readQuiz(md, state, i);
    });
  });
}
