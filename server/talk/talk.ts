/**
 * One live talk as a plain state machine: the slide, the polls' phases, ballots, tallies, ratings and
 * who is in the room. No sockets, no I/O, no clock.
 *
 * Changes come in two steps so the store stays the authority: `check…` / `plan…` say whether a
 * command applies and what it would write; once the store has it, `apply…` folds the store's answer in.
 */
import type { DeckManifest, QuizPoll, RatingPoll, SectionInfo } from '../../src/compile/manifest.ts';
import { ballotRight, mayCountAnswers, mayKnowAnswer, maySeeTally } from '../../src/core/visibility.ts';
import type {
  ErrorCode,
  PollState,
  QuizPollView,
  RatingSummary,
  Role,
  RoomSettings,
  RoomView,
  RunView,
  SlidePosition,
  Snapshot,
  Stats,
  Tally,
} from '../../src/protocol.ts';
import { LostMe } from '../room/lostMe.ts';
import { QuestionBook } from '../room/questionBook.ts';
import { INITIAL_POLL, type PollRecord, type StoredTalk } from './records.ts';
import type { RunInfo } from './runs.ts';

/**
 * What a talk needs of a deck's manifest; without `slides`, any position is taken. The plan (slide
 * titles, sections and their minutes) is there for the report after the talk.
 */
export type TalkManifest = Pick<DeckManifest, 'id' | 'title' | 'polls'> & {
  slides?: readonly { h: number; v: number; title?: string; section?: number | null }[];
  sections?: readonly SectionInfo[];
  /** What the room may send back. @defaultValue questions open, reactions on */
  room?: DeckManifest['room'];
};

export type PollAction =
  | { kind: 'open' }
  | { kind: 'close' }
  | { kind: 'reveal' }
  | { kind: 'reset' }
  | { kind: 'show-results'; show: boolean };

export type PollPlan =
  | { ok: false; error: ErrorCode }
  /** Nothing to write: the poll is already where the action would put it. */
  | { ok: true; changed: false }
  | { ok: true; changed: true; expected: PollRecord; next: PollRecord; clearBallots: boolean };

const FIRST_SLIDE: SlidePosition = { h: 0, v: 0, f: -1 };

export class Talk {
  readonly deck: string;
  readonly title: string;
  readonly quizzes: readonly QuizPoll[];
  readonly rating: RatingPoll | null;
  /** The room's questions and upvotes. */
  readonly questions: QuestionBook;
  /** "Lost me" per slide. */
  readonly lostMe = new LostMe();
  /** Slide titles by `h.v`, for the results. */
  readonly slideTitles: ReadonlyMap<string, { index: number; title: string }>;

  private sequence = 0;
  private reactionsSwitch: boolean;
  /** Changes applied, ever (the room's own counted apart, in `questions` and `lostMe`). */
  private changeCount = 0;
  private position: SlidePosition = FIRST_SLIDE;
  private readonly quizById = new Map<string, QuizPoll>();
  /** `h:v` of every slide in the deck, or null when the manifest does not list them. */
  private readonly slideKeys: ReadonlySet<string> | null;
  private readonly records = new Map<string, PollRecord>();
  /** pollId → clientId → choice. */
  private readonly ballots = new Map<string, Map<string, number>>();
  /** pollId → ballots per choice; kept in step with `ballots` so a vote costs O(1). */
  private readonly counts = new Map<string, number[]>();
  /** clientId → polls it has a ballot in; kept in step with `ballots` so `hasOwnState` costs O(1). */
  private readonly ballotPolls = new Map<string, number>();
  private readonly scores = new Map<string, number>();
  private readonly histogram: number[];
  private scoreSum = 0;
  /** Audience client id → open sockets, so two tabs on one phone count once. */
  private readonly room = new Map<string, number>();

  /**
   * @param run the run `stored` belongs to; null for a talk kept without runs (unit tests).
   */
  constructor(
    private readonly manifest: TalkManifest,
    stored?: StoredTalk,
    readonly run: RunInfo | null = null,
  ) {
    this.deck = manifest.id;
    this.title = manifest.title;
    this.quizzes = manifest.polls.filter((p): p is QuizPoll => p.kind === 'quiz');
    this.rating = manifest.polls.find((p): p is RatingPoll => p.kind === 'rating') ?? null;
    this.histogram = new Array<number>(this.rating?.scale ?? 0).fill(0);
    this.slideKeys = manifest.slides ? new Set(manifest.slides.map((s) => `${s.h}:${s.v}`)) : null;
    this.slideTitles = new Map(
      (manifest.slides ?? []).map((s, index) => [`${s.h}.${s.v}`, { index, title: s.title ?? '' }]),
    );
    this.questions = new QuestionBook(manifest.room?.questions ?? 'open');
    this.reactionsSwitch = manifest.room?.reactions ?? true;
    for (const quiz of this.quizzes) {
      this.quizById.set(quiz.id, quiz);
      this.records.set(quiz.id, { ...INITIAL_POLL });
      this.ballots.set(quiz.id, new Map());
      this.counts.set(quiz.id, new Array<number>(quiz.choices.length).fill(0));
    }
    if (stored) this.restore(stored);
  }

  /** Folds in what a store kept; anything the current manifest no longer has is left out. */
  private restore(stored: StoredTalk): void {
    this.sequence = stored.seq;
    if (stored.slide) this.position = { ...stored.slide };
    for (const [pollId, record] of Object.entries(stored.polls)) {
      if (this.records.has(pollId)) this.records.set(pollId, { ...record });
    }
    for (const { pollId, clientId, choice } of stored.ballots) {
      this.applyBallot(pollId, clientId, choice, null);
    }
    for (const { clientId, score } of stored.ratings) this.applyRating(clientId, score, null);
    for (const question of stored.questions ?? []) this.questions.apply(question);
    for (const { questionId, clientId } of stored.upvotes ?? []) this.questions.noteUpvote(questionId, clientId, true);
    for (const { h, v, clientId } of stored.lost ?? []) this.lostMe.apply(h, v, clientId, true);
  }

  /**
   * The same deck in a new run: state from `stored`, and the room as it is now (the phones stay
   * connected across runs). Built by the same class, so a cluster's talk stays one.
   */
  nextRun(stored: StoredTalk, run: RunInfo): this {
    const Kind = this.constructor as new (manifest: TalkManifest, stored: StoredTalk, run: RunInfo) => this;
    const next = new Kind(this.manifest, stored, run);
    for (const [clientId, sockets] of this.room) next.room.set(clientId, sockets);
    return next;
  }

  // ------------------------------------------------------------ reading

  /** The manifest this talk was built from: for reading another run of the same deck. */
  manifestOf(): TalkManifest {
    return this.manifest;
  }

  /** The run as the wire shows it. */
  runView(): RunView | null {
    const run = this.run;
    if (!run) return null;
    return { id: run.id, name: run.name, rehearsal: run.rehearsal, startedAt: new Date(run.startedAt).toISOString() };
  }

  get seq(): number {
    return this.sequence;
  }

  /**
   * Grows with every change applied to the talk (its room included; a cluster node's counters read
   * from Redis apart): the same number, the same talk. O(1), so a test can check after every refused
   * command that it changed nothing.
   */
  get changes(): number {
    return this.changeCount + this.questions.changes + this.lostMe.changes;
  }

  /** Whether phones may react now: the deck's setting, switched live by the speaker. */
  get reactionsOn(): boolean {
    return this.reactionsSwitch;
  }

  set reactionsOn(on: boolean) {
    this.reactionsSwitch = on;
    this.changeCount += 1;
  }

  get slide(): SlidePosition {
    return { ...this.position };
  }

  get audience(): number {
    return this.room.size;
  }

  hasQuiz(pollId: string): boolean {
    return this.quizById.has(pollId);
  }

  record(pollId: string): PollRecord {
    const record = this.records.get(pollId);
    if (!record) throw new Error(`unknown poll ${pollId}`);
    return { ...record };
  }

  ballotOf(pollId: string, clientId: string): number | null {
    return this.ballots.get(pollId)?.get(clientId) ?? null;
  }

  scoreOf(clientId: string): number | null {
    return this.scores.get(clientId) ?? null;
  }

  /**
   * Whether this client's snapshot differs from a stranger's: a ballot, a rating, a question, an
   * upvote or a "lost me" of its own. O(1): it is asked at every phone's join.
   */
  hasOwnState(clientId: string): boolean {
    return (
      this.ballotPolls.has(clientId) ||
      this.scores.has(clientId) ||
      this.questions.hasOwn(clientId) ||
      this.lostMe.hasAny(clientId)
    );
  }

  tally(pollId: string): Tally {
    const counts = [...(this.counts.get(pollId) ?? [])];
    return { counts, voters: counts.reduce((a, b) => a + b, 0) };
  }

  ratingSummary(): RatingSummary | null {
    if (!this.rating) return null;
    const count = this.scores.size;
    return {
      count,
      average: count === 0 ? null : Math.round((this.scoreSum / count) * 100) / 100,
      histogram: [...this.histogram],
    };
  }

  /** Whether this role may see the poll's tallies (src/core/visibility.ts). */
  tallyVisible(pollId: string, role: Role): boolean {
    const record = this.records.get(pollId);
    return !!record && maySeeTally(role, record);
  }

  /** A poll's changing part as this role may see it: the answer key stays hidden from all but the presenter until the reveal. */
  pollState(pollId: string, role: Role): PollState {
    const quiz = this.quizById.get(pollId);
    const record = this.records.get(pollId);
    if (!quiz || !record) throw new Error(`unknown poll ${pollId}`);
    const state: PollState = { id: pollId, ...record };
    if (mayKnowAnswer(role, record.phase)) {
      state.answer = quiz.answer;
      state.explanation = quiz.explanation;
    }
    return state;
  }

  snapshot(role: Role, clientId: string): Snapshot {
    const polls = this.quizzes.map((quiz): QuizPollView => {
      const state = this.pollState(quiz.id, role);
      const yourChoice = this.ballotOf(quiz.id, clientId);
      const view: QuizPollView = {
        ...state,
        kind: 'quiz',
        slide: { ...quiz.slide },
        prompt: quiz.prompt,
        choices: [...quiz.choices],
        yourChoice,
      };
      if (this.tallyVisible(quiz.id, role)) view.tally = this.tally(quiz.id);
      if (mayCountAnswers(role, state)) view.answers = view.tally?.voters ?? this.tally(quiz.id).voters;
      const correct = ballotRight({ phase: state.phase, answer: quiz.answer }, yourChoice);
      if (correct !== undefined) view.correct = correct;
      return view;
    });
    const summary = this.ratingSummary();
    return {
      deck: this.deck,
      title: this.title,
      role,
      run: this.runView(),
      seq: this.sequence,
      slide: this.slide,
      polls,
      rating:
        this.rating && summary
          ? {
              slide: { ...this.rating.slide },
              prompt: this.rating.prompt,
              scale: this.rating.scale,
              yourScore: this.scoreOf(clientId),
              summary,
            }
          : null,
      audience: this.audience,
      room: this.roomView(role, clientId),
    };
  }

  get roomSettings(): RoomSettings {
    return { questions: this.questions.mode, reactions: this.reactionsOn };
  }

  roomView(role: Role, clientId: string): RoomView {
    const view: RoomView = {
      ...this.roomSettings,
      board: this.questions.board(role),
      yourQuestions: this.questions.yourQuestions(clientId),
      yourUpvotes: this.questions.yourUpvotes(clientId),
      yourLost: this.lostMe.slidesOf(clientId),
    };
    if (role === 'presenter') view.lost = this.lostMe.counts();
    return view;
  }

  stats(role: Role): Stats {
    const tallies: Record<string, Tally> = {};
    const answers: Record<string, number> = {};
    for (const quiz of this.quizzes) {
      const record = this.records.get(quiz.id)!;
      if (!mayCountAnswers(role, record)) continue;
      const tally = this.tally(quiz.id);
      answers[quiz.id] = tally.voters;
      if (maySeeTally(role, record)) tallies[quiz.id] = tally;
    }
    const stats: Stats = { audience: this.audience, rating: this.ratingSummary(), tallies, answers };
    if (role === 'presenter') stats.lost = this.lostMe.counts();
    return stats;
  }

  // ------------------------------------------------------------ checking commands

  checkVote(pollId: string, choice: number): ErrorCode | null {
    const quiz = this.quizById.get(pollId);
    if (!quiz) return 'unknown-poll';
    if (!Number.isInteger(choice) || choice < 0 || choice >= quiz.choices.length) return 'out-of-range';
    if (this.records.get(pollId)?.phase !== 'open') return 'poll-closed';
    return null;
  }

  checkRating(score: number): ErrorCode | null {
    if (!this.rating) return 'unknown-poll';
    if (!Number.isInteger(score) || score < 1 || score > this.rating.scale) return 'out-of-range';
    return null;
  }

  /**
   * `closed → open → closed → revealed`, `open → revealed` in one step, reset from anywhere.
   * Repeating the current step is a no-op rather than an error, so a double click is harmless.
   */
  planPoll(pollId: string, action: PollAction): PollPlan {
    const current = this.records.get(pollId);
    if (!current) return { ok: false, error: 'unknown-poll' };
    const change = (next: Partial<PollRecord>, clearBallots = false): PollPlan => ({
      ok: true,
      changed: true,
      expected: { ...current },
      next: { ...current, ...next },
      clearBallots,
    });
    const unchanged: PollPlan = { ok: true, changed: false };
    switch (action.kind) {
      case 'open':
        if (current.phase === 'revealed') return { ok: false, error: 'wrong-state' };
        return current.phase === 'open' ? unchanged : change({ phase: 'open' });
      case 'close':
        return current.phase === 'open' ? change({ phase: 'closed' }) : unchanged;
      case 'reveal':
        return current.phase === 'revealed' ? unchanged : change({ phase: 'revealed' });
      case 'reset':
        return change({ phase: 'closed', showResults: false, round: current.round + 1 }, true);
      case 'show-results':
        return current.showResults === action.show ? unchanged : change({ showResults: action.show });
    }
  }

  // ------------------------------------------------------------ applying what the store confirmed

  /** `out-of-range` for a position that is no slide of the deck (the fragment is reveal's business). */
  checkSlide(slide: SlidePosition): ErrorCode | null {
    if (this.slideKeys && !this.slideKeys.has(`${slide.h}:${slide.v}`)) return 'out-of-range';
    return null;
  }

  /** Returns false for a stale change (an older sequence number than what is already applied). */
  applySlide(seq: number, slide: SlidePosition): boolean {
    if (seq <= this.sequence) return false;
    this.sequence = seq;
    this.levelSlide(slide);
    return true;
  }

  /**
   * Takes `slide` as the position at the sequence number this talk already has: a cluster node's
   * catch-up (ClusterTalk), when the relay that carried the stored position was lost.
   */
  protected levelSlide(slide: SlidePosition): void {
    this.changeCount += 1;
    this.position = { ...slide };
  }

  applyPoll(pollId: string, seq: number, record: PollRecord, clearBallots: boolean): void {
    if (!this.records.has(pollId)) return;
    this.changeCount += 1;
    this.sequence = Math.max(this.sequence, seq);
    this.records.set(pollId, { ...record });
    if (clearBallots) {
      const ballots = this.ballots.get(pollId);
      for (const clientId of ballots?.keys() ?? []) this.forgetBallotPoll(clientId);
      ballots?.clear();
      this.counts.get(pollId)?.fill(0);
    }
  }

  /** `previous` is the ballot the store replaced; the tally moves by one either way. */
  applyBallot(pollId: string, clientId: string, choice: number, previous: number | null): void {
    const counts = this.counts.get(pollId);
    const ballots = this.ballots.get(pollId);
    if (!counts || !ballots || !(choice in counts)) return;
    this.changeCount += 1;
    if (previous !== null && counts[previous] !== undefined) counts[previous] -= 1;
    counts[choice] = (counts[choice] ?? 0) + 1;
    if (!ballots.has(clientId)) this.ballotPolls.set(clientId, (this.ballotPolls.get(clientId) ?? 0) + 1);
    ballots.set(clientId, choice);
  }

  private forgetBallotPoll(clientId: string): void {
    const polls = this.ballotPolls.get(clientId) ?? 0;
    if (polls <= 1) this.ballotPolls.delete(clientId);
    else this.ballotPolls.set(clientId, polls - 1);
  }

  applyRating(clientId: string, score: number, previous: number | null): void {
    if (this.checkRating(score) !== null) return;
    this.changeCount += 1;
    if (previous !== null && this.histogram[previous - 1] !== undefined) {
      this.histogram[previous - 1]! -= 1;
      this.scoreSum -= previous;
    }
    this.histogram[score - 1]! += 1;
    this.scoreSum += score;
    this.scores.set(clientId, score);
  }

  // ------------------------------------------------------------ the room

  /** Returns whether the audience count changed. */
  join(clientId: string): boolean {
    this.changeCount += 1;
    const sockets = this.room.get(clientId) ?? 0;
    this.room.set(clientId, sockets + 1);
    return sockets === 0;
  }

  leave(clientId: string): boolean {
    this.changeCount += 1;
    const sockets = this.room.get(clientId) ?? 0;
    if (sockets <= 1) {
      this.room.delete(clientId);
      return sockets === 1;
    }
    this.room.set(clientId, sockets - 1);
    return false;
  }
}
