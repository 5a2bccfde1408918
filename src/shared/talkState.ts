import { ballotRight, mayCountAnswers, maySeeTally } from '../core/visibility.ts';
import type {
  PollDelta,
  QuestionBoard,
  QuestionView,
  QuizPollView,
  RatingView,
  Role,
  RoomSettings,
  RoomView,
  SlideDelta,
  SlidePosition,
  Snapshot,
  Stats,
} from '../protocol.ts';

/**
 * What changed, so a listener can skip work that does not concern it. `questions`: the board or this
 * device's own questions and upvotes; `room`: the room's settings; `lost`: "lost me" (this device's or the room's).
 */
export type TalkChange = 'snapshot' | 'slide' | 'poll' | 'stats' | 'ballot' | 'rating' | 'questions' | 'room' | 'lost';

/** How a delta fared: `gap` means it was applied but an earlier one was missed, so ask for a snapshot. */
export type DeltaOutcome = 'applied' | 'stale' | 'gap' | 'early';

/**
 * The talk as one page sees it: a snapshot, then deltas folded in by sequence number.
 *
 * Level-triggered, like the protocol: a snapshot replaces everything, a delta whose `seq` is not newer
 * than what was applied is dropped, and a gap is reported so the caller fetches a fresh snapshot.
 * No sockets in here, so the rules are testable without a server.
 */
export class TalkState {
  /** Null until the first snapshot. */
  snapshot: Snapshot | null = null;
  private readonly polls = new Map<string, QuizPollView>();
  private readonly listeners = new Set<(change: TalkChange) => void>();

  get ready(): boolean {
    return this.snapshot !== null;
  }

  get role(): Role | null {
    return this.snapshot?.role ?? null;
  }

  get slide(): SlidePosition | null {
    return this.snapshot ? { ...this.snapshot.slide } : null;
  }

  get seq(): number {
    return this.snapshot?.seq ?? -1;
  }

  get audience(): number {
    return this.snapshot?.audience ?? 0;
  }

  get rating(): RatingView | null {
    return this.snapshot?.rating ?? null;
  }

  /** Questions, reactions and "lost me"; null until the first snapshot. */
  get room(): RoomView | null {
    return this.snapshot?.room ?? null;
  }

  /** Every quiz poll, in deck order. */
  get allPolls(): QuizPollView[] {
    return this.snapshot?.polls ?? [];
  }

  poll(id: string): QuizPollView | undefined {
    return this.polls.get(id);
  }

  /** The poll shown on a slide, if any. */
  pollOnSlide(h: number, v: number): QuizPollView | undefined {
    return this.allPolls.find((poll) => poll.slide.h === h && poll.slide.v === v);
  }

  subscribe(listener: (change: TalkChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  applySnapshot(snapshot: Snapshot): void {
    this.snapshot = structuredClone(snapshot);
    this.polls.clear();
    for (const poll of this.snapshot.polls) this.polls.set(poll.id, poll);
    this.emit('snapshot');
  }

  applySlide(delta: SlideDelta): DeltaOutcome {
    const outcome = this.advance(delta.seq);
    if (outcome === 'stale' || outcome === 'early') return outcome;
    this.snapshot!.slide = { h: delta.h, v: delta.v, f: delta.f };
    this.emit('slide');
    return outcome;
  }

  applyPoll(delta: PollDelta): DeltaOutcome {
    const outcome = this.advance(delta.seq);
    if (outcome === 'stale' || outcome === 'early') return outcome;
    const view = this.polls.get(delta.poll.id);
    if (view) mergePoll(view, delta, this.snapshot!.role);
    this.emit('poll');
    return outcome;
  }

  applyQuestions(board: QuestionBoard): void {
    const room = this.snapshot?.room;
    if (!room) return;
    room.board = board;
    // This device's own questions move with the board (votes, approval, answered).
    for (const listed of board.questions) {
      const mine = room.yourQuestions.findIndex((q) => q.id === listed.id);
      if (mine >= 0) room.yourQuestions[mine] = listed;
    }
    this.emit('questions');
  }

  applyRoom(settings: RoomSettings): void {
    const room = this.snapshot?.room;
    if (!room) return;
    room.questions = settings.questions;
    room.reactions = settings.reactions;
    this.emit('room');
  }

  /** The server acknowledged a question this device asked (or the one it merged into). */
  recordQuestion(question: QuestionView, mine: boolean): void {
    const room = this.snapshot?.room;
    if (!room) return;
    const replace = (list: QuestionView[]) => {
      const at = list.findIndex((q) => q.id === question.id);
      if (at >= 0) list[at] = question;
      return at >= 0;
    };
    if (!replace(room.yourQuestions) && mine) room.yourQuestions.push(question);
    replace(room.board.questions);
    this.emit('questions');
  }

  /** The server acknowledged this device's upvote (or taking it back). */
  recordUpvote(questionId: string, up: boolean, votes: number): void {
    const room = this.snapshot?.room;
    if (!room) return;
    room.yourUpvotes = room.yourUpvotes.filter((id) => id !== questionId);
    if (up) room.yourUpvotes.push(questionId);
    for (const q of [...room.board.questions, ...room.yourQuestions]) if (q.id === questionId) q.votes = votes;
    this.emit('questions');
  }

  /** The server acknowledged this device's "lost me" (or taking it back). */
  recordLost(h: number, v: number, lost: boolean): void {
    const room = this.snapshot?.room;
    if (!room) return;
    room.yourLost = room.yourLost.filter((s) => s.h !== h || s.v !== v);
    if (lost) room.yourLost.push({ h, v });
    this.emit('lost');
  }

  /** Whether this device said "lost me" on a slide. */
  lostOn(h: number, v: number): boolean {
    return this.snapshot?.room.yourLost.some((s) => s.h === h && s.v === v) ?? false;
  }

  applyStats(stats: Stats): void {
    const snapshot = this.snapshot;
    if (!snapshot) return;
    if (stats.lost) snapshot.room.lost = stats.lost;
    snapshot.audience = stats.audience;
    if (snapshot.rating && stats.rating) snapshot.rating.summary = stats.rating;
    for (const poll of snapshot.polls) {
      const tally = stats.tallies[poll.id];
      if (tally) poll.tally = tally;
      else if (!maySeeTally(snapshot.role, poll)) delete poll.tally;
      const answers = stats.answers[poll.id];
      if (answers !== undefined) poll.answers = answers;
      else if (!mayCountAnswers(snapshot.role, poll)) delete poll.answers;
    }
    this.emit('stats');
  }

  /** The server acknowledged this device's ballot. */
  recordBallot(pollId: string, choice: number): void {
    const view = this.polls.get(pollId);
    if (!view) return;
    view.yourChoice = choice;
    this.emit('ballot');
  }

  /** The server acknowledged this device's rating. */
  recordScore(score: number): void {
    const rating = this.snapshot?.rating;
    if (!rating) return;
    rating.yourScore = score;
    this.emit('rating');
  }

  private advance(seq: number): DeltaOutcome {
    if (!this.snapshot) return 'early';
    if (seq <= this.snapshot.seq) return 'stale';
    const gap = seq > this.snapshot.seq + 1;
    this.snapshot.seq = seq;
    return gap ? 'gap' : 'applied';
  }

  private emit(change: TalkChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

/** Folds a poll's new state into the view the snapshot gave. */
function mergePoll(view: QuizPollView, { poll }: PollDelta, role: Role): void {
  const newRound = poll.round !== view.round;
  view.phase = poll.phase;
  view.showResults = poll.showResults;
  view.round = poll.round;
  if (poll.answer !== undefined) view.answer = poll.answer;
  else delete view.answer;
  if (poll.explanation !== undefined) view.explanation = poll.explanation;
  else delete view.explanation;
  if (newRound) {
    // A reset cleared every ballot: this device's, and the counts.
    view.yourChoice = null;
    if (view.tally) view.tally = { counts: view.tally.counts.map(() => 0), voters: 0 };
    if (view.answers !== undefined) view.answers = 0;
  }
  if (!maySeeTally(role, view)) delete view.tally;
  if (!mayCountAnswers(role, view)) delete view.answers;
  const correct = ballotRight(view, view.yourChoice);
  if (correct !== undefined) view.correct = correct;
  else delete view.correct;
}
