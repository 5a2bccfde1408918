/**
 * The live talk's wire: every socket.io event between the server and the pages, with its payload.
 *
 * Imported by the server and by the browser pages (projected deck, phone page, speaker view).
 * It has no imports and holds no schema library on purpose: the phone page has a tight size budget
 * and never needs to validate what it sends. The server validates every payload that arrives against
 * the zod schemas in `server/live/schemas.ts`, which are checked at compile time to match these types exactly.
 *
 * Shape of a conversation:
 * - connect with `auth: HandshakeAuth`; a refused handshake is a `connect_error` whose
 *   `message` is one of `CONNECT_ERRORS`.
 * - on every connect and reconnect the server sends one `snapshot`: the whole state this socket may see.
 * - then deltas: `slide` and `poll` carry the talk's sequence number; drop one whose `seq` is not
 *   greater than the last `seq` you applied (from a snapshot or a delta).
 * - `stats` (tallies, audience count, rating summary) is a whole value, coalesced to a few per second.
 * - every client event is `(payload, ack)`; the ack is `{ ok: true, … }` or `{ ok: false, error }`.
 */

// ---------------------------------------------------------------- handshake

export const ROLES = ['presenter', 'projector', 'audience'] as const;
/**
 * - `presenter`: the speaker view. Needs the token; sees everything (tallies at all times, answer keys)
 *   and runs the talk.
 * - `projector`: the projected deck. Needs the token; moves the slides, and sees what a screen in the
 *   room may show: tallies once the bars are shown, the answer at the reveal (src/core/visibility.ts).
 * - `audience`: a phone, anonymous; follows, votes and rates.
 */
export type Role = (typeof ROLES)[number];

/** Whether a handshake with this role must carry the presenter token: the presenter's and the projector's. */
export function needsToken(role: Role): boolean {
  return role !== 'audience';
}

/** The `auth` object passed to `io(url, { auth })`. */
export interface HandshakeAuth {
  /** Deck id, the folder name under `slides/`. */
  deck: string;
  role: Role;
  /** Random id kept on the device (e.g. localStorage); one ballot per id per poll. Matches `CLIENT_ID_PATTERN`. */
  clientId: string;
  /** The presenter token from the speaker URL's fragment (`#token=…`). Only for `presenter` and `projector`. */
  token?: string;
}

export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** `connect_error` messages: why a handshake was refused. */
export const CONNECT_ERRORS = [
  'bad-auth',
  'unknown-deck',
  'bad-token',
  'bad-origin',
  /** This network address already brought the most phones (client ids) a deck takes from one address. */
  'too-many-phones',
  /** This network address sent too many wrong presenter tokens: wait, then try again (the token is not checked). */
  'slow-down',
] as const;
export type ConnectError = (typeof CONNECT_ERRORS)[number];

// ---------------------------------------------------------------- the phone wire

/**
 * Phones (role `audience` only) may follow the talk over a plain WebSocket instead of socket.io:
 * `GET /live?deck=<deck>&clientId=<id>` with `Upgrade: websocket`. Every frame is a text frame holding
 * JSON: `[event, payload]` either way, `[event, payload, ackId]` from the phone when it wants an answer,
 * `["ack", ackId, reply]` back, `["ping"]` from the server, to be answered by any frame (`["pong"]`).
 * See docs/protocol.md.
 */
export const WIRE_PATH = '/live';

/** A refusal after the upgrade: a close frame with this code and the `ConnectError` as its reason. */
export const WIRE_CLOSE_CODES = {
  'bad-auth': 4001,
  'unknown-deck': 4002,
  'too-many-phones': 4003,
} as const satisfies Partial<Record<ConnectError, number>>;

/** Close codes from here up mean "refused: do not retry until something changes"; below, retry with backoff. */
export const WIRE_REFUSED_MIN_CODE = 4000;

/** The close code's `ConnectError`, or null for a code that is not a refusal. */
export function wireRefusal(code: number): ConnectError | null {
  for (const [error, value] of Object.entries(WIRE_CLOSE_CODES)) if (value === code) return error as ConnectError;
  return null;
}

/** The server sends `["ping"]` this often (socket.io's `pingInterval` too). */
export const WIRE_PING_INTERVAL_MS = 25_000;
/** A phone that sends no frame for this long after a ping is closed. */
export const WIRE_PING_TIMEOUT_MS = 20_000;

// ---------------------------------------------------------------- acks

/** Every reason the server may refuse a client event. The list is fixed. */
export const ERROR_CODES = [
  /** The payload does not match the event's schema. */
  'invalid-payload',
  /** No such event. */
  'unknown-event',
  /** The event is for the presenter and this socket is not one. */
  'forbidden',
  /** The poll id is not in the deck (or the deck has no rating). */
  'unknown-poll',
  /** A choice not on the poll, or a score outside 1..scale. */
  'out-of-range',
  /** A vote while the poll is not open. */
  'poll-closed',
  /** A poll transition that does not apply to the poll's phase (e.g. open a revealed poll). */
  'wrong-state',
  /** Too many events from this socket; slow down. */
  'rate-limited',
  /** A question with no visible text (empty, or only spaces and invisible characters). */
  'text-empty',
  /** A question longer than `QUESTION_MAX_LENGTH` characters as a person counts them (graphemes). */
  'text-too-long',
  /** No such question, or not one this client may see (pending and not its own, or hidden). */
  'unknown-question',
  /** The deck has this turned off (questions, or reactions right now). */
  'turned-off',
  /** The server could not store the change; nothing changed. */
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ErrorCode };
export type AckFn<T extends object = object> = (reply: Ack<T>) => void;

// ---------------------------------------------------------------- talk state as seen on the wire

/** Where the talk is, in reveal's coordinates. */
export interface SlidePosition {
  h: number;
  v: number;
  /** Fragment index as reveal reports it: -1 before the first fragment (and on slides without any). */
  f: number;
}

/** The same slide and fragment step (either missing: not the same). */
export const samePosition = (a: SlidePosition | null | undefined, b: SlidePosition | null | undefined): boolean =>
  !!a && !!b && a.h === b.h && a.v === b.v && a.f === b.f;

/**
 * A quiz poll's life: `closed` → `open` → `closed` → `revealed`; `open` → `revealed` closes and reveals
 * in one step; reset returns to `closed` and clears its ballots.
 */
export const POLL_PHASES = ['closed', 'open', 'revealed'] as const;
export type PollPhase = (typeof POLL_PHASES)[number];

/** The part of a quiz poll that changes during the talk. */
export interface PollState {
  id: string;
  phase: PollPhase;
  /** The presenter lets everyone see the bars (they show once this is true or the poll is revealed). */
  showResults: boolean;
  /** Goes up by one on every reset: a ballot from an older round is gone. */
  round: number;
  /** Index of the right choice. Sent to the projector and the audience only once revealed; always to the presenter. */
  answer?: number;
  /** The one-line explanation. Same visibility as `answer`. */
  explanation?: string;
}

export interface Tally {
  /** Ballots per choice, in choice order. */
  counts: number[];
  /** Client ids with a ballot (the sum of `counts`). */
  voters: number;
}

export interface QuizPollView extends PollState {
  kind: 'quiz';
  slide: { h: number; v: number };
  prompt: string;
  choices: string[];
  /** Present when this socket may see the bars (presenter always; projector and audience when shown or revealed). */
  tally?: Tally;
  /**
   * How many have answered (client ids with a ballot), without the split: present when this socket may
   * count the answers (presenter and projector always, so the projected slide can say "12 answers";
   * audience when the bars are shown).
   */
  answers?: number;
  /** This client id's ballot in the current round. */
  yourChoice: number | null;
  /** Once revealed and if this client voted: whether its ballot was right. */
  correct?: boolean;
}

export interface RatingSummary {
  count: number;
  /** Mean score, or null before the first rating. */
  average: number | null;
  /** Ratings per score: `histogram[0]` counts the 1s. */
  histogram: number[];
}

/** The deck's 1..scale rating. Always accepted while the talk runs; a later score replaces the earlier. */
export interface RatingView {
  slide: { h: number; v: number };
  prompt: string;
  scale: number;
  yourScore: number | null;
  summary: RatingSummary;
}

/**
 * One giving of the talk. Every run has its own slide, polls, ballots and ratings; a page only ever
 * sees the current one. When the presenter starts a new run, every socket gets a fresh `snapshot`.
 */
export interface RunView {
  /** 1, 2, 3 … in the order the runs were started. */
  id: number;
  name: string;
  /** Marked as a practice run by the speaker. */
  rehearsal: boolean;
  /** ISO 8601. */
  startedAt: string;
}

/** Everything a socket may know, sent on every connect and on `snapshot:get`. */
export interface Snapshot {
  deck: string;
  title: string;
  role: Role;
  /** The current run (null only for a talk the server keeps no runs for). */
  run: RunView | null;
  /** The talk's sequence number; deltas carry larger ones. */
  seq: number;
  slide: SlidePosition;
  /** Every quiz poll in deck order, whatever its phase. */
  polls: QuizPollView[];
  rating: RatingView | null;
  /** Phones (distinct audience client ids) connected to this deck. */
  audience: number;
  /** Questions, reactions and "lost me": what the room says back. */
  room: RoomView;
}

// ---------------------------------------------------------------- the room talks back

/** A question's text may be 1..280 characters as a person counts them: graphemes (an emoji with its modifiers is one). */
export const QUESTION_MAX_LENGTH = 280;
/** A display name may be up to 40 graphemes; none means anonymous. */
export const QUESTION_NAME_MAX_LENGTH = 40;

/**
 * `pending` waits for the speaker's approval (decks with `questions: approve`); `approved` is seen
 * by everyone; `answered` stays seen, marked done; `hidden` is seen by the speaker only.
 */
export const QUESTION_STATES = ['pending', 'approved', 'answered', 'hidden'] as const;
export type QuestionState = (typeof QUESTION_STATES)[number];

/** How a deck takes questions (frontmatter `questions:`): `open` shows them at once, `approve` after the speaker's approval. */
export const QUESTION_MODES = ['open', 'approve', 'off'] as const;
export type QuestionMode = (typeof QUESTION_MODES)[number];

export interface QuestionView {
  id: string;
  /** Plain text: trimmed, whitespace collapsed, bidi controls removed. Pages must show it as text, never as HTML. */
  text: string;
  /** The asker's display name, or null. */
  name: string | null;
  votes: number;
  state: QuestionState;
  /** ms since the epoch. */
  askedAt: number;
}

/**
 * The questions a socket may see, best first (answered ones after the open ones, then by votes, then
 * oldest first). At most 100 for the speaker, 50 for a phone: a whole value, each replaces the last.
 */
export interface QuestionBoard {
  questions: QuestionView[];
  /** Questions this socket may see, beyond the ones listed too. */
  total: number;
  /** Speaker only: questions waiting for approval. */
  pending?: number;
}

/** The five reactions, in the order `react` and `ReactionBurst` number them. */
export const REACTIONS = ['👏', '😂', '🤯', '❤️', '🤔'] as const;

/** "Lost me" on one slide: how many phones said so. */
export interface LostCount {
  h: number;
  v: number;
  count: number;
}

export interface RoomSettings {
  questions: QuestionMode;
  /** Whether phones may react now; the deck's `reactions:` at start, switched live by the speaker. */
  reactions: boolean;
}

export interface RoomView extends RoomSettings {
  board: QuestionBoard;
  /** This client's own questions, whatever their state (a phone sees its pending ones; nobody else does). */
  yourQuestions: QuestionView[];
  /** Ids of the questions this client upvoted. */
  yourUpvotes: string[];
  /** Slides where this client said "lost me". */
  yourLost: { h: number; v: number }[];
  /** Speaker only: "lost me" per slide, slides with none left out. */
  lost?: LostCount[];
}

/** The pointer's modes: a laser dot, a pen stroke (which fades on the pages), or nothing shown. */
export const POINTER_MODES = ['laser', 'pen', 'off'] as const;
export type PointerMode = (typeof POINTER_MODES)[number];

/**
 * The speaker's pointer on a slide, in slide coordinates from 0 to 1 (x from the left edge, y from
 * the top). A pen point with a new `stroke` number starts a new line.
 */
export interface PointerPayload {
  h: number;
  v: number;
  mode: PointerMode;
  x: number;
  y: number;
  stroke: number;
}

/** Reactions counted by the server over one window (250 ms), per reaction in `REACTIONS` order. */
export interface ReactionBurst {
  counts: number[];
}

// ---------------------------------------------------------------- server → client

export interface SlideDelta extends SlidePosition {
  seq: number;
}

export interface PollDelta {
  seq: number;
  poll: PollState;
}

/** Coalesced counters. A whole value: each one replaces the last. */
export interface Stats {
  audience: number;
  rating: RatingSummary | null;
  /** By poll id; only polls whose bars this socket may see. */
  tallies: Record<string, Tally>;
  /** By poll id: how many have answered, for the polls whose answers this socket may count. */
  answers: Record<string, number>;
  /** Speaker only: "lost me" per slide (slides with none left out). */
  lost?: LostCount[];
}

/**
 * Presenter and projector sockets only: whether the server can store changes. `ok: false` when the store first
 * refuses one (a full disk, Redis gone, the data file locked: the room no longer follows the speaker),
 * `ok: true` when one goes through again.
 */
export interface StoreStatus {
  ok: boolean;
}

export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  store: (status: StoreStatus) => void;
  slide: (delta: SlideDelta) => void;
  poll: (delta: PollDelta) => void;
  stats: (stats: Stats) => void;
  /** The questions this socket may see, coalesced (every 250 ms to the speaker, every second to phones). */
  questions: (board: QuestionBoard) => void;
  /** Speaker and projector only: reactions over the last window, never one message per tap. */
  reactions: (burst: ReactionBurst) => void;
  /** Everyone but the speaker view that drew it: the speaker's pointer, at most 30 a second. */
  pointer: (pointer: PointerPayload) => void;
  /** The room's settings changed (the speaker switched reactions). */
  room: (settings: RoomSettings) => void;
}

// ---------------------------------------------------------------- client → server

export interface PollRef {
  pollId: string;
}

export interface ShowResultsPayload {
  pollId: string;
  show: boolean;
}

export interface VotePayload {
  pollId: string;
  /** 0-based index into the poll's choices. */
  choice: number;
}

export interface RatePayload {
  /** 1..scale (5). */
  score: number;
}

export interface NewRunPayload {
  /** Up to 80 characters; empty for the date and time the run starts (the server's clock). */
  name: string;
  rehearsal: boolean;
}

export interface AskPayload {
  /** 1..`QUESTION_MAX_LENGTH` graphemes once trimmed; at most 4,000 UTF-16 code units as sent. */
  text: string;
  /** Optional display name, up to `QUESTION_NAME_MAX_LENGTH` graphemes; empty means anonymous. */
  name?: string;
}

export interface UpvotePayload {
  questionId: string;
  /** True to upvote, false to take the upvote back. */
  up: boolean;
}

export interface QuestionStatePayload {
  questionId: string;
  state: QuestionState;
}

export interface LostPayload {
  h: number;
  v: number;
  /** True: "lost me" on this slide; false takes it back. */
  lost: boolean;
}

export interface ReactPayload {
  /** Index into `REACTIONS`. */
  reaction: number;
}

export interface ReactionsSwitchPayload {
  on: boolean;
}

/** For events that need no arguments; send `{}`. */
export type EmptyPayload = Record<string, never>;

export interface ClientToServerEvents {
  /** Presenter and projector: move everyone to this slide. */
  'slide:set': (position: SlidePosition, ack: AckFn<{ seq: number }>) => void;
  /** Presenter: start accepting ballots. */
  'poll:open': (ref: PollRef, ack: AckFn<PollDelta>) => void;
  /** Presenter: stop accepting ballots. */
  'poll:close': (ref: PollRef, ack: AckFn<PollDelta>) => void;
  /** Presenter: tell everyone the right answer (closes the poll if open). */
  'poll:reveal': (ref: PollRef, ack: AckFn<PollDelta>) => void;
  /** Presenter: back to closed, ballots cleared. */
  'poll:reset': (ref: PollRef, ack: AckFn<PollDelta>) => void;
  /** Presenter: let the audience (and the projected deck) see the bars, or hide them again. */
  'poll:show-results': (payload: ShowResultsPayload, ack: AckFn<PollDelta>) => void;
  /** Presenter and audience: cast or change this client id's ballot while the poll is open. Acked once stored. */
  vote: (payload: VotePayload, ack: AckFn<{ pollId: string; choice: number }>) => void;
  /** Presenter and audience: rate the talk; a later score replaces the earlier. Acked once stored. */
  rate: (payload: RatePayload, ack: AckFn<{ score: number }>) => void;
  /**
   * Presenter: end the current run and start a clean one at the current slide (polls closed, no
   * ballots, no ratings). Acked once stored; then every socket of the deck gets a fresh `snapshot`.
   */
  'run:new': (payload: NewRunPayload, ack: AckFn<{ run: RunView; seq: number }>) => void;
  /** Presenter: the results as shown in the export. */
  'results:get': (payload: EmptyPayload, ack: AckFn<{ results: TalkResults }>) => void;
  /**
   * Anyone: ask a question. The same text (ignoring case, punctuation, spacing and invisible
   * characters) as an existing question merges into it, as an upvote from the asker (`merged: true`).
   * Acked once stored. At most 3 in a burst and one every 20 s after that per client id.
   */
  'question:ask': (payload: AskPayload, ack: AckFn<{ question: QuestionView; merged: boolean }>) => void;
  /** Anyone: upvote a question this client may see, or take the upvote back; one per client id. Acked once stored. */
  'question:upvote': (payload: UpvotePayload, ack: AckFn<{ questionId: string; up: boolean; votes: number }>) => void;
  /** Presenter: approve, hide, or mark answered (or any state back). */
  'question:set': (payload: QuestionStatePayload, ack: AckFn<{ question: QuestionView }>) => void;
  /** Anyone: "lost me" on a slide, or take it back; once per slide per client id. Acked once stored. */
  'lost:set': (payload: LostPayload, ack: AckFn<{ h: number; v: number; lost: boolean }>) => void;
  /** Anyone: one reaction. Counted, not stored; send without an ack callback if the reply is not needed. */
  react: (payload: ReactPayload, ack: AckFn) => void;
  /** Presenter: let phones react, or stop them. */
  'reactions:set': (payload: ReactionsSwitchPayload, ack: AckFn<{ settings: RoomSettings }>) => void;
  /** Presenter: where the pointer is. Coalesce to at most 30 a second; the ack may be left out. */
  pointer: (payload: PointerPayload, ack: AckFn) => void;
  /** Anyone: a fresh snapshot (e.g. after noticing a gap in `seq`). */
  'snapshot:get': (payload: EmptyPayload, ack: AckFn<{ snapshot: Snapshot }>) => void;
}

export type ClientEventName = keyof ClientToServerEvents;

/** Events only the presenter may send; anyone else is refused with `forbidden`. */
export const PRESENTER_EVENTS = [
  'slide:set',
  'poll:open',
  'poll:close',
  'poll:reveal',
  'poll:reset',
  'poll:show-results',
  'run:new',
  'results:get',
  'question:set',
  'reactions:set',
  'pointer',
] as const satisfies readonly ClientEventName[];

/** The only events the projector may send: it moves the slides and asks for snapshots, nothing else. */
export const PROJECTOR_EVENTS = ['slide:set', 'snapshot:get'] as const satisfies readonly ClientEventName[];

/** Whether a socket of this role may send this event (else `forbidden`). */
export function roleMaySend(role: Role, event: ClientEventName): boolean {
  if (role === 'projector') return (PROJECTOR_EVENTS as readonly ClientEventName[]).includes(event);
  return role === 'presenter' || !(PRESENTER_EVENTS as readonly ClientEventName[]).includes(event);
}

// ---------------------------------------------------------------- results

export interface ChoiceResult {
  text: string;
  count: number;
  correct: boolean;
}

export interface QuestionResult {
  pollId: string;
  prompt: string;
  phase: PollPhase;
  choices: ChoiceResult[];
  voters: number;
  /** Voters whose ballot is the right choice. */
  right: number;
  /** 0..100 with one decimal, or null without voters. */
  percentRight: number | null;
}

export interface RatingResult extends RatingSummary {
  prompt: string;
  scale: number;
}

/** A question from the room, as kept for the results. */
export interface AudienceQuestionResult {
  text: string;
  name: string | null;
  votes: number;
  state: QuestionState;
  /** ISO 8601. */
  askedAt: string;
}

/** "Lost me" on one slide, for the results. */
export interface LostResult {
  h: number;
  v: number;
  /** 1-based slide number in reading order. */
  slide: number;
  title: string;
  count: number;
}

export interface TalkResults {
  deck: string;
  title: string;
  /** The run these results are of (null for a talk kept without runs). */
  run: RunView | null;
  /** ISO 8601. */
  exportedAt: string;
  questions: QuestionResult[];
  rating: RatingResult | null;
  /** The room's questions, most votes first. */
  audienceQuestions: AudienceQuestionResult[];
  /** "Lost me" per slide, in slide order; slides nobody was lost on left out. */
  lostMe: LostResult[];
}

/** One run in a list of runs: when, what, how many, how well. */
export interface RunSummary extends RunView {
  /** ISO 8601; null for the current run. */
  endedAt: string | null;
  /** Most phones connected at once (from the run's audience samples). */
  peakAudience: number;
  /** Distinct phones that answered at least one question. */
  voters: number;
  /** Right ballots over all ballots, 0..100 with one decimal; null without ballots. */
  percentRight: number | null;
  rating: { count: number; average: number | null };
  /** Each quiz question in deck order. */
  questions: { pollId: string; prompt: string; voters: number; percentRight: number | null }[];
}

// ---------------------------------------------------------------- the report after a talk

/** A timed section: its plan against what the run's timeline shows. */
export interface SectionTiming {
  number: number;
  title: string;
  plannedMinutes: number;
  /** Time on the section's slides. */
  actualMs: number;
  /** `actualMs` minus the plan: positive when the section ran long. */
  overMs: number;
}

export interface SlideTiming {
  h: number;
  v: number;
  /** 1-based place in the deck, as the speaker view counts slides. */
  number: number;
  title: string;
  section: number | null;
  /** Time the slide was on screen, all visits together. */
  ms: number;
}

/** One run's report: pacing, the room, the answers. */
export interface RunReport {
  summary: RunSummary;
  /** The run's first slide change, ISO 8601; the clock of every figure below starts here. */
  startedAt: string;
  /** From the first slide change to the last moment the timeline recorded. */
  durationMs: number;
  sections: SectionTiming[];
  /** Time on slides outside every timed section (the cover, untimed parts). */
  untimedMs: number;
  slides: SlideTiming[];
  /** Audience samples, `atMs` after `startedAt`. */
  audience: { atMs: number; count: number }[];
  results: TalkResults;
}

/** `GET /api/talks/<deck>/report.json`: one run, or two side by side. */
export interface TalkReport {
  deck: string;
  title: string;
  /** The plan: the sum of the sections' minutes. */
  plannedMinutes: number;
  generatedAt: string;
  runs: RunReport[];
  /** Every run of the deck, for choosing which to show. */
  allRuns: RunSummary[];
}

// ---------------------------------------------------------------- URLs

/** Paths the server answers, relative to its origin. */
export const paths = {
  /** The projected deck. */
  deck: (deck: string) => `/${deck}/`,
  /** The phone page; the QR code points here. */
  join: (deck: string) => `/${deck}/join/`,
  /** The phone's chooser when several decks run: each deck's join link. */
  joinChooser: '/join/',
  /** The speaker view; the presenter URL adds `#token=…` (a fragment, so it never reaches a server log). */
  speaker: (deck: string) => `/${deck}/speaker/`,
  /** `GET` → `{ live: true, deck, title }` when a live server runs the deck; 404 otherwise. */
  talk: (deck: string) => `/api/talks/${deck}`,
  /** `GET` → `{ url }`: the audience URL at the laptop's LAN address. */
  joinUrl: (deck: string) => `/api/talks/${deck}/join-url`,
  /** `GET` → an SVG QR code of the audience URL. */
  joinQr: (deck: string) => `/api/talks/${deck}/join-qr.svg`,
  /** The report after the talk; like the speaker view, the URL adds `#token=…`. */
  report: (deck: string) => `/${deck}/report/`,
  /**
   * `GET` with `Authorization: Bearer <token>` → `TalkResults` as JSON or CSV, of the current run or
   * of `run` (its number or name).
   */
  results: (deck: string, format: 'json' | 'csv', run?: string) =>
    `/api/talks/${deck}/results.${format}${run === undefined ? '' : `?run=${encodeURIComponent(run)}`}`,
  /** `GET` with the token → `RunSummary[]`, oldest first. */
  runs: (deck: string) => `/api/talks/${deck}/runs.json`,
  /** `GET` with the token → `TalkReport` of the current run or `run`, beside run `compare` if given. */
  reportData: (deck: string, run?: string, compare?: string) => {
    const query = [
      ...(run === undefined ? [] : [`run=${encodeURIComponent(run)}`]),
      ...(compare === undefined ? [] : [`compare=${encodeURIComponent(compare)}`]),
    ].join('&');
    return `/api/talks/${deck}/report.json${query ? `?${query}` : ''}`;
  },
} as const;

/** The key of the presenter token in the speaker URL's fragment: `#token=…`. */
export const TOKEN_FRAGMENT_KEY = 'token';

/** What `GET /api/talks/<deck>` returns. */
export interface TalkInfo {
  live: true;
  deck: string;
  title: string;
}
