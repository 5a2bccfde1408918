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
  INITIAL_POLL,
  type PollRecord,
  type QuestionRecord,
  type StoredTalk,
  samePollRecord,
} from '../talk/records.ts';
import { DATA_FILE_SETTING, DataFileError, describeDataFileError, ensureFolderOf, isBusy } from './dataFile.ts';
import { type DataFileLock, lockDataFile } from './fileLock.ts';
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

const SCHEMA = `
CREATE TABLE IF NOT EXISTS talks (
  deck TEXT PRIMARY KEY,
  seq INTEGER NOT NULL DEFAULT 0,
  h INTEGER, v INTEGER, f INTEGER
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS polls (
  deck TEXT NOT NULL, poll_id TEXT NOT NULL,
  phase TEXT NOT NULL, show_results INTEGER NOT NULL, round INTEGER NOT NULL,
  PRIMARY KEY (deck, poll_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ballots (
  deck TEXT NOT NULL, poll_id TEXT NOT NULL, client_id TEXT NOT NULL,
  choice INTEGER NOT NULL, voted_at INTEGER NOT NULL,
  PRIMARY KEY (deck, poll_id, client_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ratings (
  deck TEXT NOT NULL, client_id TEXT NOT NULL,
  score INTEGER NOT NULL, rated_at INTEGER NOT NULL,
  PRIMARY KEY (deck, client_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS questions (
  deck TEXT NOT NULL, id TEXT NOT NULL, client_id TEXT NOT NULL,
  text TEXT NOT NULL, name TEXT, merge_key TEXT NOT NULL,
  state TEXT NOT NULL, asked_at INTEGER NOT NULL, votes INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (deck, id),
  UNIQUE (deck, merge_key)
);
CREATE TABLE IF NOT EXISTS question_votes (
  deck TEXT NOT NULL, question_id TEXT NOT NULL, client_id TEXT NOT NULL,
  PRIMARY KEY (deck, question_id, client_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lost (
  deck TEXT NOT NULL, h INTEGER NOT NULL, v INTEGER NOT NULL, client_id TEXT NOT NULL,
  PRIMARY KEY (deck, h, v, client_id)
) WITHOUT ROWID;
`;

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
    db.exec(SCHEMA);
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
    talk: db.prepare<[string], { seq: number; h: number | null; v: number | null; f: number | null }>(
      'SELECT seq, h, v, f FROM talks WHERE deck = ?',
    ),
    polls: db.prepare<[string], PollRow>('SELECT poll_id, phase, show_results, round FROM polls WHERE deck = ?'),
    ballots: db.prepare<[string], { pollId: string; clientId: string; choice: number }>(
      'SELECT poll_id AS pollId, client_id AS clientId, choice FROM ballots WHERE deck = ?',
    ),
    ratings: db.prepare<[string], { clientId: string; score: number }>(
      'SELECT client_id AS clientId, score FROM ratings WHERE deck = ?',
    ),
    ensureTalk: db.prepare<[string]>('INSERT INTO talks (deck) VALUES (?) ON CONFLICT DO NOTHING'),
    nextSeq: db.prepare<[string], { seq: number }>('UPDATE talks SET seq = seq + 1 WHERE deck = ? RETURNING seq'),
    setSlide: db.prepare<[number, number, number, string]>('UPDATE talks SET h = ?, v = ?, f = ? WHERE deck = ?'),
    poll: db.prepare<[string, string], PollRow>(
      'SELECT poll_id, phase, show_results, round FROM polls WHERE deck = ? AND poll_id = ?',
    ),
    putPoll: db.prepare<[string, string, string, number, number]>(
      `INSERT INTO polls (deck, poll_id, phase, show_results, round) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET phase = excluded.phase, show_results = excluded.show_results, round = excluded.round`,
    ),
    clearBallots: db.prepare<[string, string]>('DELETE FROM ballots WHERE deck = ? AND poll_id = ?'),
    ballot: db
      .prepare<[string, string, string], number>(
        'SELECT choice FROM ballots WHERE deck = ? AND poll_id = ? AND client_id = ?',
      )
      .pluck(),
    putBallot: db.prepare<[string, string, string, number, number]>(
      `INSERT INTO ballots (deck, poll_id, client_id, choice, voted_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET choice = excluded.choice, voted_at = excluded.voted_at`,
    ),
    score: db.prepare<[string, string], number>('SELECT score FROM ratings WHERE deck = ? AND client_id = ?').pluck(),
    putScore: db.prepare<[string, string, number, number]>(
      `INSERT INTO ratings (deck, client_id, score, rated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET score = excluded.score, rated_at = excluded.rated_at`,
    ),
    questions: db.prepare<[string], QuestionRow>(
      `SELECT ${QUESTION_COLUMNS} FROM questions WHERE deck = ? ORDER BY asked_at, rowid`,
    ),
    question: db.prepare<[string, string], QuestionRow>(
      `SELECT ${QUESTION_COLUMNS} FROM questions WHERE deck = ? AND id = ?`,
    ),
    questionByKey: db.prepare<[string, string], QuestionRow>(
      `SELECT ${QUESTION_COLUMNS} FROM questions WHERE deck = ? AND merge_key = ?`,
    ),
    putQuestion: db.prepare<[string, string, string, string, string | null, string, string, number]>(
      `INSERT INTO questions (deck, id, client_id, text, name, merge_key, state, asked_at, votes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)`,
    ),
    questionState: db.prepare<[string, string, string]>('UPDATE questions SET state = ? WHERE deck = ? AND id = ?'),
    addVotes: db.prepare<[number, string, string]>('UPDATE questions SET votes = votes + ? WHERE deck = ? AND id = ?'),
    upvotes: db.prepare<[string], { questionId: string; clientId: string }>(
      'SELECT question_id AS questionId, client_id AS clientId FROM question_votes WHERE deck = ?',
    ),
    addUpvote: db.prepare<[string, string, string]>(
      'INSERT INTO question_votes (deck, question_id, client_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    removeUpvote: db.prepare<[string, string, string]>(
      'DELETE FROM question_votes WHERE deck = ? AND question_id = ? AND client_id = ?',
    ),
    lost: db.prepare<[string], { h: number; v: number; clientId: string }>(
      'SELECT h, v, client_id AS clientId FROM lost WHERE deck = ?',
    ),
    addLost: db.prepare<[string, number, number, string]>(
      'INSERT INTO lost (deck, h, v, client_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    removeLost: db.prepare<[string, number, number, string]>(
      'DELETE FROM lost WHERE deck = ? AND h = ? AND v = ? AND client_id = ?',
    ),
  };

  /** Adds or removes one upvote and moves the count with it; whether anything changed. */
  const moveUpvote = (deck: string, questionId: string, clientId: string, up: boolean): boolean => {
    const changed = (up ? sql.addUpvote : sql.removeUpvote).run(deck, questionId, clientId).changes === 1;
    if (changed) sql.addVotes.run(up ? 1 : -1, deck, questionId);
    return changed;
  };

  const readPoll = (deck: string, pollId: string): PollRecord => {
    const row = sql.poll.get(deck, pollId);
    return row ? { phase: row.phase, showResults: row.show_results === 1, round: row.round } : { ...INITIAL_POLL };
  };

  const nextSeq = (deck: string): number => {
    sql.ensureTalk.run(deck);
    return sql.nextSeq.get(deck)!.seq;
  };

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

  const readTalk = (deck: string): StoredTalk => {
    const talk = sql.talk.get(deck);
    const polls: Record<string, PollRecord> = {};
    for (const row of sql.polls.all(deck)) {
      polls[row.poll_id] = { phase: row.phase, showResults: row.show_results === 1, round: row.round };
    }
    return {
      seq: talk?.seq ?? 0,
      slide: talk && talk.h !== null && talk.v !== null && talk.f !== null ? { h: talk.h, v: talk.v, f: talk.f } : null,
      polls,
      ballots: sql.ballots.all(deck),
      ratings: sql.ratings.all(deck),
      questions: sql.questions.all(deck).map((row) => ({ ...row })),
      upvotes: sql.upvotes.all(deck),
      lost: sql.lost.all(deck),
    };
  };

  return {
    async load(deck: string): Promise<StoredTalk> {
      if (retryMs === null) flush();
      try {
        return readTalk(deck);
      } catch (error) {
        throw named(error);
      }
    },

    setSlide(deck: string, slide: SlidePosition) {
      return enqueue(() => {
        const seq = nextSeq(deck);
        sql.setSlide.run(slide.h, slide.v, slide.f, deck);
        return { seq };
      });
    },

    updatePoll(deck, pollId, expected, next, clearBallots) {
      return enqueue((): PollUpdateResult => {
        const current = readPoll(deck, pollId);
        if (!samePollRecord(current, expected)) return { ok: false, current };
        sql.putPoll.run(deck, pollId, next.phase, next.showResults ? 1 : 0, next.round);
        if (clearBallots) sql.clearBallots.run(deck, pollId);
        return { ok: true, seq: nextSeq(deck) };
      });
    },

    castBallot(deck, pollId, clientId, choice) {
      return enqueue((): CastResult => {
        if (readPoll(deck, pollId).phase !== 'open') return { ok: false, error: 'poll-closed' };
        const previous = sql.ballot.get(deck, pollId, clientId) ?? null;
        sql.putBallot.run(deck, pollId, clientId, choice, Date.now());
        return { ok: true, previous };
      });
    },

    rate(deck, clientId, score) {
      return enqueue(() => {
        const previous = sql.score.get(deck, clientId) ?? null;
        sql.putScore.run(deck, clientId, score, Date.now());
        return { previous };
      });
    },

    askQuestion(deck, question) {
      return enqueue((): AskResult => {
        const existing = sql.questionByKey.get(deck, question.key);
        if (!existing) {
          sql.putQuestion.run(
            deck,
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
        const upvoted = moveUpvote(deck, existing.id, question.clientId, true);
        return { question: { ...existing, votes: existing.votes + (upvoted ? 1 : 0) }, merged: true, upvoted };
      });
    },

    upvoteQuestion(deck, questionId, clientId, up) {
      return enqueue((): UpvoteResult => {
        const question = sql.question.get(deck, questionId);
        if (!question) return { ok: false, error: 'unknown-question' };
        const changed = moveUpvote(deck, questionId, clientId, up);
        return { ok: true, changed, votes: question.votes + (changed ? (up ? 1 : -1) : 0) };
      });
    },

    setQuestionState(deck, questionId, state) {
      return enqueue((): QuestionRecord | null => {
        if (sql.questionState.run(state, deck, questionId).changes === 0) return null;
        const row = sql.question.get(deck, questionId);
        return row ? { ...row } : null;
      });
    },

    setLost(deck, slide, clientId, lost) {
      return enqueue(() => {
        const statement = lost ? sql.addLost : sql.removeLost;
        return { changed: statement.run(deck, slide.h, slide.v, clientId).changes === 1 };
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
