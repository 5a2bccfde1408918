/**
 * A live talk as one node of a cluster sees it. The slide and the poll records are this node's own
 * `Talk`, kept in step by the changes other nodes relay; what no node holds alone comes from Redis:
 * the tallies and the rating (ballots arrive at every node), the audience (phones are spread over the
 * nodes), and a connecting phone's own ballots (it may have voted through another node).
 *
 * It overrides the reading side of `Talk` only (`tally`, `ratingSummary`, `audience`), so snapshots,
 * counters and results are built by the same code as on a single server.
 */
import {
  type LostCount,
  type RatingSummary,
  type SlidePosition,
  samePosition,
  type Tally,
} from '../../src/protocol.ts';
import type { ClientView, SharedCounters, StoredPosition } from '../store/redis/reads.ts';
import { INITIAL_POLL, type PollRecord, type QuestionRecord, samePollRecord } from '../talk/records.ts';
import { Talk } from '../talk/talk.ts';

export class ClusterTalk extends Talk {
  /** Poll id → sequence number of the newest change applied, so a late relay cannot roll a poll back. */
  private readonly pollSeqs = new Map<string, number>();
  /** The last counters read from Redis; null until the first read (the talk as loaded is right until then). */
  private shared: SharedCounters | null = null;
  /** Redis's `qver` when this node last read the questions; -1 before the first read. */
  private questionsVersion = -1;

  // ------------------------------------------------------------ read from Redis, not from this node alone

  /** Phones connected to this node (what it reports to the others). */
  get localAudience(): number {
    return super.audience;
  }

  /** Phones on every node. */
  override get audience(): number {
    return this.shared?.audience ?? super.audience;
  }

  override tally(pollId: string): Tally {
    const shared = this.shared?.tallies.get(pollId);
    // Counts from before a reset this node already applied are not this round's: keep the local ones until the next read.
    if (!shared || !this.hasQuiz(pollId) || shared.round !== this.record(pollId).round) return super.tally(pollId);
    return { counts: [...shared.counts], voters: shared.counts.reduce((a, b) => a + b, 0) };
  }

  override ratingSummary(): RatingSummary | null {
    const local = super.ratingSummary();
    if (!local || !this.shared) return local;
    const histogram = [...this.shared.scores];
    const count = histogram.reduce((a, b) => a + b, 0);
    const sum = histogram.reduce((total, n, i) => total + n * (i + 1), 0);
    // Rounded as `Talk` rounds it, so a cluster and a single server show the same average.
    return { count, average: count === 0 ? null : Math.round((sum / count) * 100) / 100, histogram };
  }

  /**
   * Folds in the counters a node reads from Redis a few times a second.
   * @returns whether the tallies or the ratings moved (what phones may see; the audience count apart).
   */
  useShared(counters: SharedCounters): boolean {
    const before = this.shared;
    this.shared = counters;
    if (!before) return true;
    const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((n, i) => n === b[i]);
    if (!same(before.scores, counters.scores)) return true;
    for (const [pollId, now] of counters.tallies) {
      const then = before.tallies.get(pollId);
      if (!then || then.round !== now.round || !same(then.counts, now.counts)) return true;
    }
    return false;
  }

  /**
   * The connecting phone's own ballots and rating, wherever it cast them, so its snapshot shows them.
   * @returns whether this node did not have them yet.
   */
  useClientView(clientId: string, view: ClientView): boolean {
    let changed = false;
    for (const [pollId, { round, choice }] of view.ballots) {
      if (choice === null || !this.hasQuiz(pollId) || round !== this.record(pollId).round) continue;
      const local = this.ballotOf(pollId, clientId);
      if (local !== choice) {
        this.applyBallot(pollId, clientId, choice, local);
        changed = true;
      }
    }
    if (view.score !== null) {
      const local = this.scoreOf(clientId);
      if (local !== view.score) {
        this.applyRating(clientId, view.score, local);
        changed = true;
      }
    }
    return changed;
  }

  /**
   * The room's counters as read from Redis: "lost me" on every node, and the questions' version.
   * @returns whether the questions changed since this node last read them.
   */
  useRoomCounters(version: number, lost: LostCount[]): boolean {
    this.lostMe.useShared(lost);
    return version !== this.questionsVersion;
  }

  /** Every question as Redis has it now, at `version`. */
  useQuestions(records: readonly QuestionRecord[], version: number): void {
    this.questions.replaceAll(records);
    this.questionsVersion = version;
  }

  /** The connecting phone's own upvotes and "lost me" slides, wherever it sent them. */
  useRoomClientView(clientId: string, view: { upvotes: string[]; lost: { h: number; v: number }[] }): void {
    this.questions.setUpvotesOf(clientId, view.upvotes);
    this.lostMe.setSlidesOf(clientId, view.lost);
  }

  // ------------------------------------------------------------ changes made through other nodes

  override applyPoll(pollId: string, seq: number, record: PollRecord, clearBallots: boolean): void {
    if (seq < (this.pollSeqs.get(pollId) ?? 0)) return;
    this.pollSeqs.set(pollId, seq);
    super.applyPoll(pollId, seq, record, clearBallots);
  }

  /** A slide change relayed by another node. @returns whether it was newer than what this node has. */
  followSlide(seq: number, slide: SlidePosition): boolean {
    return this.applySlide(seq, slide);
  }

  /** A poll change relayed by another node. @returns whether it was newer than what this node has. */
  followPoll(pollId: string, seq: number, record: PollRecord): boolean {
    if (!this.hasQuiz(pollId) || seq <= (this.pollSeqs.get(pollId) ?? 0)) return false;
    // Only a reset starts a new round, and a reset is what clears the ballots.
    this.applyPoll(pollId, seq, record, record.round !== this.record(pollId).round);
    return true;
  }

  /**
   * Takes the stored state when it is ahead of this node (a relay was lost, e.g. while Redis restarted).
   * At the same sequence number too: a node that lost one relay and then heard a later one (its
   * subscription came up between two changes) has the later number but not the lost change, and only
   * the stored slide and poll records tell. At one number, the store and the node have seen the same
   * changes, so where they differ the store is right.
   * @returns whether anything changed.
   */
  catchUp(state: StoredPosition): boolean {
    if (state.seq < this.seq) return false;
    const behind = this.quizzes.filter(
      (quiz) => !samePollRecord(state.polls[quiz.id] ?? INITIAL_POLL, this.record(quiz.id)),
    );
    const slideBehind = !!state.slide && !samePosition(state.slide, this.slide);
    if (state.seq === this.seq && behind.length === 0 && !slideBehind) return false;
    if (state.seq > this.seq) this.applySlide(state.seq, state.slide ?? this.slide);
    else if (slideBehind) this.levelSlide(state.slide!);
    for (const quiz of behind) {
      const stored = state.polls[quiz.id] ?? INITIAL_POLL;
      this.applyPoll(quiz.id, state.seq, stored, stored.round !== this.record(quiz.id).round);
    }
    return true;
  }
}
