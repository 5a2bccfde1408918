/**
 * 2,000 phones each asking a question and upvoting three others, all at once, against a real server
 * process (SQLite) or two nodes on one Redis. Every acknowledged question and upvote must be in the
 * store, and every question's count must equal the upvotes acknowledged for it, exactly.
 */

import { openSqliteStore } from '../../../server/store/sqlite.ts';
import type { StoredTalk } from '../../../server/store/types.ts';
import { QUESTION_MAX_LENGTH } from '../../../src/protocol.ts';
import { startLectern } from '../../helpers/lectern.ts';
import { inBatches, openWire, type Wire } from '../../helpers/wire.ts';
import { count, type Figure, MODE_NAMES, recordFigure, type StressMode } from '../harness/figures.ts';

const PHONES = 2000;
const UPVOTES_EACH = 3;

export interface QuestionCrowdResult {
  figure: Figure;
  problems: string[];
}

export async function questionCrowd(mode: StressMode): Promise<QuestionCrowdResult> {
  const room = await startLectern({ in: 'child', store: mode, nodes: mode === 'redis' ? 2 : 1 });
  const problems: string[] = [];
  const phones: Wire[] = [];
  try {
    const urls = room.urls;
    const opened = await inBatches(PHONES, 200, (i) =>
      openWire(urls[i % urls.length]!, {
        mode: 'reconnecting',
        auth: { deck: room.deck, role: 'audience', clientId: `crowd-question-${i}` },
        reconnect: false,
      }),
    );
    phones.push(...opened);
    const joined = phones.filter((p) => p.connected).length;
    if (joined !== PHONES) problems.push(`${PHONES - joined} phones did not join`);

    // Every phone asks at once: a different question each, some of them long and in other scripts.
    const started = performance.now();
    const asks = await Promise.all(
      phones.map((phone, i) =>
        phone.emit('question:ask', {
          text: i % 50 === 0 ? `${'質問'.repeat(QUESTION_MAX_LENGTH / 2 - 4)} #${i}` : `Question number ${i}: how?`,
        }),
      ),
    );
    const askMs = performance.now() - started;
    const asked = new Map<number, string>();
    asks.forEach((reply, i) => {
      if (reply?.ok) asked.set(i, (reply.question as { id: string }).id);
    });
    if (asked.size !== PHONES) problems.push(`${PHONES - asked.size} questions were not acknowledged`);

    // Every phone upvotes three other phones' questions at once.
    const ids = [...asked.values()];
    const upvoteStart = performance.now();
    const acked = new Map<string, number>();
    let upvotesAcked = 0;
    await Promise.all(
      phones.map(async (phone, i) => {
        const picks = new Set<string>();
        for (let k = 1; picks.size < UPVOTES_EACH; k += 1) {
          const id = ids[(i * 7 + k * 13) % ids.length];
          if (id && id !== asked.get(i)) picks.add(id);
        }
        const replies = await Promise.all(
          [...picks].map((questionId) => phone.emit('question:upvote', { questionId, up: true })),
        );
        replies.forEach((reply) => {
          if (!reply?.ok) return;
          upvotesAcked += 1;
          const id = reply.questionId as string;
          acked.set(id, (acked.get(id) ?? 0) + 1);
        });
      }),
    );
    const upvoteMs = performance.now() - upvoteStart;
    if (upvotesAcked !== PHONES * UPVOTES_EACH)
      problems.push(`${PHONES * UPVOTES_EACH - upvotesAcked} upvotes were not acknowledged`);

    // The store has every acknowledged question and upvote, and each count is exact.
    let stored: StoredTalk;
    if (mode === 'sqlite') {
      const reader = openSqliteStore(room.dataFile, { mustExist: true });
      stored = await reader.load(room.deck);
      await reader.close();
    } else stored = await room.stored();
    const byId = new Map((stored.questions ?? []).map((q) => [q.id, q]));
    const missing = ids.filter((id) => !byId.has(id)).length;
    if (missing > 0) problems.push(`${missing} acknowledged questions are not stored`);
    let wrongCounts = 0;
    for (const id of ids) if ((byId.get(id)?.votes ?? -1) !== (acked.get(id) ?? 0)) wrongCounts += 1;
    if (wrongCounts > 0) problems.push(`${wrongCounts} questions have a count other than their acknowledged upvotes`);
    const storedUpvotes = stored.upvotes?.length ?? 0;
    if (storedUpvotes !== upvotesAcked) problems.push(`${storedUpvotes} upvotes stored, ${upvotesAcked} acknowledged`);

    // Every node's speaker view lists them all, with the stored counts. A node hears the other node's
    // last upvotes a moment after they were acknowledged there: wait for its board to settle, not just fill.
    const wrongIn = (board: { questions: { id: string; votes: number }[] }) =>
      board.questions.filter((q) => q.votes !== (acked.get(q.id) ?? 0)).length;
    for (let node = 0; node < urls.length; node += 1) {
      const deadline = Date.now() + 10_000;
      let board = (await room.snapshot(node)).room.board;
      while ((board.total !== PHONES || wrongIn(board) > 0) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        board = (await room.snapshot(node)).room.board;
      }
      const wrong = wrongIn(board);
      if (board.total !== PHONES || wrong > 0)
        problems.push(`node ${node + 1} lists ${board.total} questions, ${wrong} with wrong counts`);
    }

    const figure = recordFigure({
      item: '17. Questions from the room',
      mode: MODE_NAMES[mode],
      rule: `${count(PHONES)} phones ask a question and upvote ${UPVOTES_EACH} at once: every ack stored, counts exact`,
      measured:
        `${count(asked.size)} questions acknowledged in ${(askMs / 1000).toFixed(1)} s, ${count(upvotesAcked)} upvotes in ${(upvoteMs / 1000).toFixed(1)} s; ` +
        `stored ${count(byId.size)} questions and ${count(storedUpvotes)} upvotes, ${wrongCounts} counts off`,
      pass: problems.length === 0,
    });
    return { figure, problems };
  } finally {
    for (const phone of phones) phone.close();
    await room.close();
  }
}
