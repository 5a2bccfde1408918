/**
 * The room's questions as a plain data structure: who asked what, who upvoted what, and the boards
 * each role sees. No I/O: the store decides merges and counts, and the book folds its answers in.
 */

import { cleanQuestionText, graphemeCount, questionKey } from '../../src/core/questionText.ts';
import {
  type ErrorCode,
  QUESTION_MAX_LENGTH,
  QUESTION_NAME_MAX_LENGTH,
  type QuestionBoard,
  type QuestionMode,
  type QuestionState,
  type QuestionView,
  type Role,
} from '../../src/protocol.ts';
import type { QuestionRecord } from '../talk/records.ts';

/** Questions listed per board: enough for any screen, few enough to send four times a second. */
export const BOARD_LIMIT: Readonly<Record<Role, number>> = { presenter: 100, projector: 50, audience: 50 };

export type CheckedAsk = { ok: true; text: string; name: string | null; key: string } | { ok: false; error: ErrorCode };

/** Open questions first, then answered, then hidden; within each, most votes, then oldest. */
const STATE_RANK: Record<QuestionState, number> = { pending: 0, approved: 0, answered: 1, hidden: 2 };
function byRank(a: QuestionRecord, b: QuestionRecord): number {
  return STATE_RANK[a.state] - STATE_RANK[b.state] || b.votes - a.votes || a.askedAt - b.askedAt;
}

export function questionView(record: QuestionRecord): QuestionView {
  const { id, text, name, votes, state, askedAt } = record;
  return { id, text, name, votes, state, askedAt };
}

export class QuestionBook {
  private readonly records = new Map<string, QuestionRecord>();
  /** Client id → ids of the questions it upvoted. */
  private readonly upvotesBy = new Map<string, Set<string>>();
  /** Client id → ids of the questions it asked. */
  private readonly askedBy = new Map<string, Set<string>>();

  private changeCount = 0;

  constructor(readonly mode: QuestionMode) {}

  /** Changes folded in, ever (see `Talk.changes`). */
  get changes(): number {
    return this.changeCount;
  }

  /** The state a new question starts in. */
  get initialState(): QuestionState {
    return this.mode === 'approve' ? 'pending' : 'approved';
  }

  get size(): number {
    return this.records.size;
  }

  /** Every question, best first. */
  all(): QuestionRecord[] {
    return [...this.records.values()].sort(byRank).map((r) => ({ ...r }));
  }

  get(id: string): QuestionRecord | undefined {
    const record = this.records.get(id);
    return record && { ...record };
  }

  // ------------------------------------------------------------ checking

  /** Cleans and measures a question; refuses it empty, too long, or when the deck takes none. */
  checkAsk(rawText: string, rawName: string | undefined): CheckedAsk {
    if (this.mode === 'off') return { ok: false, error: 'turned-off' };
    const text = cleanQuestionText(rawText);
    if (text === '') return { ok: false, error: 'text-empty' };
    if (graphemeCount(text) > QUESTION_MAX_LENGTH) return { ok: false, error: 'text-too-long' };
    const name = cleanQuestionText(rawName ?? '');
    if (graphemeCount(name) > QUESTION_NAME_MAX_LENGTH) return { ok: false, error: 'text-too-long' };
    return { ok: true, text, name: name || null, key: questionKey(text) };
  }

  /** Whether this client may see (and so upvote) the question. */
  visibleTo(id: string, role: Role, clientId: string): boolean {
    const record = this.records.get(id);
    if (!record) return false;
    if (role === 'presenter') return true;
    return (
      record.state === 'approved' ||
      record.state === 'answered' ||
      (record.state === 'pending' && record.clientId === clientId)
    );
  }

  // ------------------------------------------------------------ applying what the store confirmed

  /** A question as the store has it now (new, merged into, or changed). */
  apply(record: QuestionRecord): void {
    this.changeCount += 1;
    this.records.set(record.id, { ...record });
    const asked = this.askedBy.get(record.clientId);
    if (asked) asked.add(record.id);
    else this.askedBy.set(record.clientId, new Set([record.id]));
  }

  /** One client's upvote moved; `votes` is the store's count after it. */
  applyUpvote(id: string, clientId: string, up: boolean, votes: number): void {
    const record = this.records.get(id);
    if (record) record.votes = votes;
    this.noteUpvote(id, clientId, up);
  }

  /** Who upvoted what, without touching the count (a cluster node learns counts from Redis). */
  noteUpvote(id: string, clientId: string, up: boolean): void {
    this.changeCount += 1;
    const mine = this.upvotesBy.get(clientId);
    if (!up) mine?.delete(id);
    else if (mine) mine.add(id);
    else this.upvotesBy.set(clientId, new Set([id]));
  }

  /** Exactly these upvotes for one client (what a shared store says it has). */
  setUpvotesOf(clientId: string, ids: readonly string[]): void {
    this.changeCount += 1;
    if (ids.length === 0) this.upvotesBy.delete(clientId);
    else this.upvotesBy.set(clientId, new Set(ids));
  }

  /** Replaces every record (a cluster node read them all from Redis); who upvoted what is kept. */
  replaceAll(records: readonly QuestionRecord[]): void {
    this.changeCount += 1;
    this.records.clear();
    for (const record of records) this.apply(record);
  }

  // ------------------------------------------------------------ reading, per role

  board(role: Role): QuestionBoard {
    const seen =
      role === 'presenter'
        ? [...this.records.values()]
        : [...this.records.values()].filter((r) => r.state === 'approved' || r.state === 'answered');
    const listed = seen.sort(byRank).slice(0, BOARD_LIMIT[role]).map(questionView);
    const board: QuestionBoard = { questions: listed, total: seen.length };
    if (role === 'presenter') {
      let pending = 0;
      for (const r of this.records.values()) if (r.state === 'pending') pending += 1;
      board.pending = pending;
    }
    return board;
  }

  /** Whether this client asked or upvoted anything (its view differs from a stranger's); O(1). */
  hasOwn(clientId: string): boolean {
    return this.askedBy.has(clientId) || (this.upvotesBy.get(clientId)?.size ?? 0) > 0;
  }

  yourQuestions(clientId: string): QuestionView[] {
    const ids = this.askedBy.get(clientId);
    if (!ids) return [];
    return [...ids]
      .map((id) => this.records.get(id))
      .filter((r): r is QuestionRecord => !!r && r.clientId === clientId)
      .sort((a, b) => a.askedAt - b.askedAt)
      .map(questionView);
  }

  yourUpvotes(clientId: string): string[] {
    return [...(this.upvotesBy.get(clientId) ?? [])].filter((id) => this.records.has(id));
  }
}
