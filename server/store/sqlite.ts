/**
 * The default store: one SQLite file on the speaker's laptop (better-sqlite3, WAL).
 *
 * Writes are group-committed: every write asked for during one turn of the event loop runs, in order,
 * inside one transaction, and each caller's promise resolves only after that transaction committed.
 * A commit costs a WAL append (and an fsync with `synchronous=FULL`) whatever its size, so when 2,000
 * phones vote at once they share a handful of commits instead of paying for 2,000; a lone vote still
 * commits in the next turn. Each operation inside the batch is the same atomic read-check-write it
 * would be on its own, so the semantics are those of one transaction per write.
 */
import Database from 'better-sqlite3';
import type { SlidePosition } from '../../src/protocol.ts';
import {
  emptyStoredTalk,
  INITIAL_POLL,
  type PollRecord,
  type QuestionRecord,
  type StoredTalk,
  samePollRecord,
} from '../talk/records.ts';
import { defaultRunName, type RunInfo, type Timeline } from '../talk/runs.ts';
import { DATA_FILE_SETTING, DataFileError, describeDataFileError, ensureFolderOf, isBusy } from './dataFile.ts';
import { type DataFileLock, lockDataFile } from './fileLock.ts';
import { prepareSchema } from './sqliteSchema.ts';
import type { AskResult, CastResult, PollUpdateResult, TalkStore, UpvoteResult } from './types.ts';

export type SyncMode = 'normal' | 'full';

export interface SqliteStoreOptions {
  /**
   * `normal`: in WAL mode a commit is in the OS before the ack, so an acknowledged vote survives the
   * server being killed (tested with SIGKILL); a power cut may lose the last moments.
   * `full` fsyncs each commit so it survives a power cut too. better-sqlite3 is synchronous, so the
   * event loop waits out every fsync; with a busy disk that measured at 0.6–1.1× the vote rate of an
   * in-memory store, against 0.9–1.2× for `normal`.
   * @defaultValue 'normal'
   */
  synchronous?: SyncMode;
  /** Refuse to create the file (the results command reads an existing talk). @defaultValue false */
  mustExist?: boolean;
  /**
   * Hold the file for this process alone (`fileLock.ts`): a second server on it refuses to start.
   * @defaultValue true, unless `mustExist` (a reader beside a running server)
   */
  exclusive?: boolean;
  /** How the file was chosen, for error messages. @defaultValue `--data / LECTERN_DATA` */
  setting?: string;
  /**
   * How long writes keep being retried while another program holds a write lock on the file, before
   * they are refused. They are retried on timers, so the event loop never waits for the lock.
   * @defaultValue 5000
   */
  busyRetryMs?: number;
}

/**
 * SQLite's own wait for a lock, in ms. better-sqlite3 is synchronous: a busy wait blocks the event loop
 * (a foreign write lock once froze a pure in-memory `snapshot:get` for 4.9 s), so while serving there is
 * none: a locked write fails at once and the store retries it on a timer. At start-up nothing else is
 * running yet, and it may wait.
 */
const RUNNING_BUSY_TIMEOUT_MS = 0;
const STARTUP_BUSY_TIMEOUT_MS = 2000;
/** Backoff between retries of a write that met a lock. */
const RETRY_FIRST_MS = 5;
const RETRY_MAX_MS = 100;

interface RunRow {
  run: number;
  name: string;
  rehearsal: number;
  started_at: number;
  ended_at: number | null;
  seq: number;
}

const runInfo = (row: RunRow): RunInfo => ({
  id: row.run,
  name: row.name,
  rehearsal: row.rehearsal === 1,
  startedAt: row.started_at,
  endedAt: row.ended_at,
});

interface QuestionRow {
  id: string;
  clientId: string;
  text: string;
  name: string | null;
  key: string;
  state: QuestionRecord['state'];
  askedAt: number;
  votes: number;
}
const QUESTION_COLUMNS = 'id, client_id AS clientId, text, name, merge_key AS key, state, asked_at AS askedAt, votes';

interface PollRow {
  poll_id: string;
  phase: PollRecord['phase'];
  show_results: number;
  round: number;
}

interface QueuedWrite {
  /** When it was asked for (ms): a write kept from the file by a lock is refused after `busyRetryMs`. */
  at: number;
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Settings for every connection to a talk file. */
export function configureConnection(
  db: Database.Database,
  synchronous: SyncMode = 'normal',
  busyTimeoutMs = STARTUP_BUSY_TIMEOUT_MS,
): void {
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma('journal_mode = WAL');
  // Set on every open: SQLite does not remember it, and the default depends on how it was compiled.
  db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
}

export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): TalkStore {
  const setting = options.setting ?? DATA_FILE_SETTING;
  const named = (error: unknown) => describeDataFileError(error, file, setting);
  if (!options.mustExist) ensureFolderOf(file, setting);
  const lock: DataFileLock | null = (options.exclusive ?? !options.mustExist) ? lockDataFile(file, setting) : null;
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: options.mustExist ?? false });
  } catch (error) {
    lock?.release();
    throw named(error);
  }
  try {
    configureConnection(db, options.synchronous);
    prepareSchema(db);
    db.pragma(`busy_timeout = ${RUNNING_BUSY_TIMEOUT_MS}`);
  } catch (error) {
    db.close();
    lock?.release();
    throw named(error);
  }
  return createStore(db, file, lock, named, options.busyRetryMs ?? 5000);
}

function createStore(
  db: Database.Database,
  file: string,
  lock: DataFileLock | null,
  named: (error: unknown) => DataFileError,
  busyRetryMs: number,
): TalkStore {
  const sql = {
    run: db.prepare<[string, number], { seq: number; h: number | null; v: number | null; f: number | null }>(
      'SELECT seq, h, v, f FROM runs WHERE deck = ? AND run = ?',
    ),
    current: db.prepare<[string], number>('SELECT run FROM runs WHERE deck = ? ORDER BY run DESC LIMIT 1').pluck(),
    runs: db.prepare<[string], RunRow>(
      'SELECT run, name, rehearsal, started_at, ended_at, seq FROM runs WHERE deck = ? ORDER BY run',
    ),
    insertRun: db.prepare<[string, number, string, number, number, number]>(
      'INSERT INTO runs (deck, run, name, rehearsal, started_at, seq) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    endRun: db.prepare<[number, string, number]>('UPDATE runs SET ended_at = ? WHERE deck = ? AND run = ?'),
    polls: db.prepare<[string, number], PollRow>(
      'SELECT poll_id, phase, show_results, round FROM polls WHERE deck = ? AND run = ?',
    ),
    ballots: db.prepare<[string, number], { pollId: string; clientId: string; choice: number }>(
      'SELECT poll_id AS pollId, client_id AS clientId, choice FROM ballots WHERE deck = ? AND run = ?',
    ),
    ratings: db.prepare<[string, number], { clientId: string; score: number }>(
      'SELECT client_id AS clientId, score FROM ratings WHERE deck = ? AND run = ?',
    ),
    nextSeq: db.prepare<[string, number], { seq: number }>(
      'UPDATE runs SET seq = seq + 1 WHERE deck = ? AND run = ? RETURNING seq',
    ),
    setSlide: db.prepare<[number, number, number, string, number]>(
      'UPDATE runs SET h = ?, v = ?, f = ? WHERE deck = ? AND run = ?',
    ),
    poll: db.prepare<[string, number, string], PollRow>(
      'SELECT poll_id, phase, show_results, round FROM polls WHERE deck = ? AND run = ? AND poll_id = ?',
    ),
    putPoll: db.prepare<[string, number, string, string, number, number]>(
      `INSERT INTO polls (deck, run, poll_id, phase, show_results, round) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET phase = excluded.phase, show_results = excluded.show_results, round = excluded.round`,
    ),
    clearBallots: db.prepare<[string, number, string]>(
      'DELETE FROM ballots WHERE deck = ? AND run = ? AND poll_id = ?',
    ),
    ballot: db
      .prepare<[string, number, string, string], number>(
        'SELECT choice FROM ballots WHERE deck = ? AND run = ? AND poll_id = ? AND client_id = ?',
      )
      .pluck(),
    putBallot: db.prepare<[string, number, string, string, number, number]>(
      `INSERT INTO ballots (deck, run, poll_id, client_id, choice, voted_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET choice = excluded.choice, voted_at = excluded.voted_at`,
    ),
    score: db
      .prepare<[string, number, string], number>(
        'SELECT score FROM ratings WHERE deck = ? AND run = ? AND client_id = ?',
      )
      .pluck(),
    putScore: db.prepare<[string, number, string, number, number]>(
      `INSERT INTO ratings (deck, run, client_id, score, rated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET score = excluded.score, rated_at = excluded.rated_at`,
    ),
    logSlide: db.prepare<[string, number, number, number, number, number]>(
      'INSERT INTO slide_changes (deck, run, at, h, v, f) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    logAudience: db.prepare<[string, number, number, number]>(
      'INSERT INTO audience_samples (deck, run, at, count) VALUES (?, ?, ?, ?)',
    ),
    slideChanges: db.prepare<[string, number], Timeline['slides'][number]>(
      'SELECT at, h, v, f FROM slide_changes WHERE deck = ? AND run = ? ORDER BY rowid',
    ),
    audienceSamples: db.prepare<[string, number], Timeline['audience'][number]>(
      'SELECT at, count FROM audience_samples WHERE deck = ? AND run = ? ORDER BY rowid',
    ),
    questions: db.prepare<[string, number], QuestionRow>(
      `SELECT ${QUESTION_COLUMNS} FROM questions WHERE deck = ? AND run = ? ORDER BY asked_at, rowid`,
    ),
    question: db.prepare<[string, number, string], QuestionRow>(
      `SELECT ${QUESTION_COLUMNS} FROM questions WHERE deck = ? AND run = ? AND id = ?`,
    ),
    questionByKey: db.prepare<[string, number, string], QuestionRow>(
      `SELECT ${QUESTION_COLUMNS} FROM questions WHERE deck = ? AND run = ? AND merge_key = ?`,
    ),
    putQuestion: db.prepare<[string, number, string, string, string, string | null, string, string, number]>(
      `INSERT INTO questions (deck, run, id, client_id, text, name, merge_key, state, asked_at, votes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
    ),
    questionState: db.prepare<[string, string, number, string]>(
      'UPDATE questions SET state = ? WHERE deck = ? AND run = ? AND id = ?',
    ),
    addVotes: db.prepare<[number, string, number, string]>(
      'UPDATE questions SET votes = votes + ? WHERE deck = ? AND run = ? AND id = ?',
    ),
    upvotes: db.prepare<[string, number], { questionId: string; clientId: string }>(
      'SELECT question_id AS questionId, client_id AS clientId FROM question_votes WHERE deck = ? AND run = ?',
    ),
    addUpvote: db.prepare<[string, number, string, string]>(
      'INSERT INTO question_votes (deck, run, question_id, client_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    removeUpvote: db.prepare<[string, number, string, string]>(
      'DELETE FROM question_votes WHERE deck = ? AND run = ? AND question_id = ? AND client_id = ?',
    ),
    lost: db.prepare<[string, number], { h: number; v: number; clientId: string }>(
      'SELECT h, v, client_id AS clientId FROM lost WHERE deck = ? AND run = ?',
    ),
    addLost: db.prepare<[string, number, number, number, string]>(
      'INSERT INTO lost (deck, run, h, v, client_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    removeLost: db.prepare<[string, number, number, number, string]>(
      'DELETE FROM lost WHERE deck = ? AND run = ? AND h = ? AND v = ? AND client_id = ?',
    ),
  };

  /** Adds or removes one upvote and moves the count with it; whether anything changed. */
  const moveUpvote = (deck: string, run: number, questionId: string, clientId: string, up: boolean): boolean => {
    const changed = (up ? sql.addUpvote : sql.removeUpvote).run(deck, run, questionId, clientId).changes === 1;
    if (changed) sql.addVotes.run(up ? 1 : -1, deck, run, questionId);
    return changed;
  };

  /** The run writes go to; a deck written to before any run was started gets run 1. */
  const currentRun = (deck: string): number => {
    const run = sql.current.get(deck);
    if (run !== undefined) return run;
    sql.insertRun.run(deck, 1, defaultRunName(new Date()), 0, Date.now(), 0);
    return 1;
  };

  const readPoll = (deck: string, run: number, pollId: string): PollRecord => {
    const row = sql.poll.get(deck, run, pollId);
    return row ? { phase: row.phase, showResults: row.show_results === 1, round: row.round } : { ...INITIAL_POLL };
  };

  const nextSeq = (deck: string, run: number): number => sql.nextSeq.get(deck, run)!.seq;

  let queue: QueuedWrite[] = [];
  let flushScheduled = false;
  let closed = false;
  /** Set while another program holds the write lock: the next wait before trying again. */
  let retryMs: number | null = null;

  const commitBatch = db.transaction((batch: QueuedWrite[]) => batch.map((write) => write.run()));

  const schedule = (delayMs: number): void => {
    if (flushScheduled) return;
    flushScheduled = true;
    if (delayMs === 0) setImmediate(flush);
    else setTimeout(flush, delayMs);
  };

  function flush(): void {
    flushScheduled = false;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    let results: unknown[];
    try {
      results = commitBatch.immediate(batch);
    } catch (error) {
      if (isBusy(error) && !closed) {
        // A lock held elsewhere: nothing of the batch was applied (the transaction could not begin,
        // or rolled back). Writes that have waited long enough are refused; the others go back to the
        // head of the queue and are tried again on a timer, so the event loop never waits for the lock.
        const now = Date.now();
        const failure = named(error);
        const waiting = batch.filter((write) => now - write.at < busyRetryMs);
        for (const write of batch) if (now - write.at >= busyRetryMs) write.reject(failure);
        queue = [...waiting, ...queue];
        if (queue.length === 0) {
          retryMs = null;
          return;
        }
        retryMs = Math.min(RETRY_MAX_MS, (retryMs ?? RETRY_FIRST_MS / 2) * 2);
        schedule(retryMs);
        return;
      }
      retryMs = null;
      const failure = named(error);
      for (const write of batch) write.reject(failure);
      if (queue.length > 0) schedule(0);
      return;
    }
    retryMs = null;
    batch.forEach((write, i) => write.resolve(results[i]));
  }

  const enqueue = <T>(run: () => T): Promise<T> => {
    if (closed) return Promise.reject(new DataFileError(`the data file ${file} is closed`, file, 'CLOSED'));
    return new Promise<T>((resolve, reject) => {
      queue.push({ at: Date.now(), run, resolve: resolve as (value: unknown) => void, reject });
      // While a lock is being waited out, the retry timer takes the new write along.
      if (retryMs === null) schedule(0);
    });
  };

  const readTalk = (deck: string, wanted?: number): StoredTalk => {
    const run = wanted ?? sql.current.get(deck);
    const talk = run === undefined ? undefined : sql.run.get(deck, run);
    if (run === undefined || !talk) {
      return emptyStoredTalk();
    }
    const polls: Record<string, PollRecord> = {};
    for (const row of sql.polls.all(deck, run)) {
      polls[row.poll_id] = { phase: row.phase, showResults: row.show_results === 1, round: row.round };
    }
    return {
      seq: talk.seq,
      slide: talk.h !== null && talk.v !== null && talk.f !== null ? { h: talk.h, v: talk.v, f: talk.f } : null,
      polls,
      ballots: sql.ballots.all(deck, run),
      ratings: sql.ratings.all(deck, run),
      questions: sql.questions.all(deck, run).map((row) => ({ ...row })),
      upvotes: sql.upvotes.all(deck, run),
      lost: sql.lost.all(deck, run),
    };
  };

  /** Reads see every write asked for before them (unless a foreign lock holds the queue back). */
  const read = <T>(run: () => T): T => {
    if (retryMs === null) flush();
    try {
      return run();
    } catch (error) {
      throw named(error);
    }
  };

  return {
    async load(deck: string, run?: number): Promise<StoredTalk> {
      return read(() => readTalk(deck, run));
    },

    async runs(deck: string): Promise<RunInfo[]> {
      return read(() => sql.runs.all(deck).map(runInfo));
    },

    newRun(deck, request) {
      return enqueue(() => {
        const now = Date.now();
        const last = sql.current.get(deck);
        let seq = 0;
        if (last !== undefined) {
          sql.endRun.run(now, deck, last);
          seq = sql.run.get(deck, last)!.seq;
        }
        const id = (last ?? 0) + 1;
        sql.insertRun.run(deck, id, request.name, request.rehearsal ? 1 : 0, now, seq);
        const run: RunInfo = { id, name: request.name, rehearsal: request.rehearsal, startedAt: now, endedAt: null };
        return { run, seq };
      });
    },

    ensureRun(deck, request) {
      return enqueue((): RunInfo => {
        const current = sql.current.get(deck);
        if (current !== undefined) return runInfo(sql.runs.all(deck).find((row) => row.run === current)!);
        const now = Date.now();
        sql.insertRun.run(deck, 1, request.name, request.rehearsal ? 1 : 0, now, 0);
        return { id: 1, name: request.name, rehearsal: request.rehearsal, startedAt: now, endedAt: null };
      });
    },

    setSlide(deck: string, slide: SlidePosition) {
      return enqueue(() => {
        const run = currentRun(deck);
        const seq = nextSeq(deck, run);
        sql.setSlide.run(slide.h, slide.v, slide.f, deck, run);
        sql.logSlide.run(deck, run, Date.now(), slide.h, slide.v, slide.f);
        return { seq };
      });
    },

    recordAudience(deck, count) {
      return enqueue(() => {
        sql.logAudience.run(deck, currentRun(deck), Date.now(), count);
      });
    },

    async timeline(deck, wanted) {
      return read((): Timeline => {
        const run = wanted ?? sql.current.get(deck);
        if (run === undefined) return { slides: [], audience: [] };
        return { slides: sql.slideChanges.all(deck, run), audience: sql.audienceSamples.all(deck, run) };
      });
    },

    updatePoll(deck, pollId, expected, next, clearBallots) {
      return enqueue((): PollUpdateResult => {
        const run = currentRun(deck);
        const current = readPoll(deck, run, pollId);
        if (!samePollRecord(current, expected)) return { ok: false, current };
        sql.putPoll.run(deck, run, pollId, next.phase, next.showResults ? 1 : 0, next.round);
        if (clearBallots) sql.clearBallots.run(deck, run, pollId);
        return { ok: true, seq: nextSeq(deck, run) };
      });
    },

    castBallot(deck, pollId, clientId, choice) {
      return enqueue((): CastResult => {
        const run = currentRun(deck);
        if (readPoll(deck, run, pollId).phase !== 'open') return { ok: false, error: 'poll-closed' };
        const previous = sql.ballot.get(deck, run, pollId, clientId) ?? null;
        sql.putBallot.run(deck, run, pollId, clientId, choice, Date.now());
        return { ok: true, previous };
      });
    },

    rate(deck, clientId, score) {
      return enqueue(() => {
        const run = currentRun(deck);
        const previous = sql.score.get(deck, run, clientId) ?? null;
        sql.putScore.run(deck, run, clientId, score, Date.now());
        return { previous };
      });
    },

    askQuestion(deck, question) {
      return enqueue((): AskResult => {
        const run = currentRun(deck);
        const existing = sql.questionByKey.get(deck, run, question.key);
        if (!existing) {
          sql.putQuestion.run(
            deck,
            run,
            question.id,
            question.clientId,
            question.text,
            question.name,
            question.key,
            question.state,
            question.askedAt,
          );
          return { question: { ...question, votes: 0 }, merged: false, upvoted: false };
        }
        const upvoted = moveUpvote(deck, run, existing.id, question.clientId, true);
        return { question: { ...existing, votes: existing.votes + (upvoted ? 1 : 0) }, merged: true, upvoted };
      });
    },

    upvoteQuestion(deck, questionId, clientId, up) {
      return enqueue((): UpvoteResult => {
        const run = currentRun(deck);
        const question = sql.question.get(deck, run, questionId);
        if (!question) return { ok: false, error: 'unknown-question' };
        const changed = moveUpvote(deck, run, questionId, clientId, up);
        return { ok: true, changed, votes: question.votes + (changed ? (up ? 1 : -1) : 0) };
      });
    },

    setQuestionState(deck, questionId, state) {
      return enqueue((): QuestionRecord | null => {
        const run = currentRun(deck);
        if (sql.questionState.run(state, deck, run, questionId).changes === 0) return null;
        const row = sql.question.get(deck, run, questionId);
        return row ? { ...row } : null;
      });
    },

    setLost(deck, slide, clientId, lost) {
      return enqueue(() => {
        const statement = lost ? sql.addLost : sql.removeLost;
        return { changed: statement.run(deck, currentRun(deck), slide.h, slide.v, clientId).changes === 1 };
      });
    },

    async close() {
      if (closed) return;
      closed = true;
      flush();
      db.close();
      lock?.release();
    },
  };
}
