/**
 * The talk file's tables, and the step that brings a file written before runs existed up to date.
 *
 * Version 2 (`PRAGMA user_version`): everything is kept per run. `runs` holds each run's name and
 * times and, for the current run, the presenter's position and the sequence number; polls, ballots
 * and ratings carry the run they belong to; `slide_changes` and `audience_samples` are the run's
 * timeline, appended to (one row per event) and never rewritten.
 *
 * A file from before (no version, a `talks` table with one row per deck) becomes one run per deck
 * named "before runs", in one transaction: it opens as it was, or is left untouched.
 */
import type Database from 'better-sqlite3';
import { BEFORE_RUNS } from '../talk/runs.ts';

export const SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  deck TEXT NOT NULL, run INTEGER NOT NULL,
  name TEXT NOT NULL, rehearsal INTEGER NOT NULL DEFAULT 0,
  started_at INTEGER NOT NULL, ended_at INTEGER,
  seq INTEGER NOT NULL DEFAULT 0,
  h INTEGER, v INTEGER, f INTEGER,
  PRIMARY KEY (deck, run)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS polls (
  deck TEXT NOT NULL, run INTEGER NOT NULL, poll_id TEXT NOT NULL,
  phase TEXT NOT NULL, show_results INTEGER NOT NULL, round INTEGER NOT NULL,
  PRIMARY KEY (deck, run, poll_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ballots (
  deck TEXT NOT NULL, run INTEGER NOT NULL, poll_id TEXT NOT NULL, client_id TEXT NOT NULL,
  choice INTEGER NOT NULL, voted_at INTEGER NOT NULL,
  PRIMARY KEY (deck, run, poll_id, client_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ratings (
  deck TEXT NOT NULL, run INTEGER NOT NULL, client_id TEXT NOT NULL,
  score INTEGER NOT NULL, rated_at INTEGER NOT NULL,
  PRIMARY KEY (deck, run, client_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS slide_changes (
  deck TEXT NOT NULL, run INTEGER NOT NULL, at INTEGER NOT NULL,
  h INTEGER NOT NULL, v INTEGER NOT NULL, f INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS slide_changes_by_run ON slide_changes (deck, run);
CREATE TABLE IF NOT EXISTS audience_samples (
  deck TEXT NOT NULL, run INTEGER NOT NULL, at INTEGER NOT NULL, count INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS audience_samples_by_run ON audience_samples (deck, run);
`;

/**
 * What the room sent back, per run: questions, their upvotes, and "lost me" per slide. Created on
 * every open (if missing), so a file written before these tables existed gains them.
 */
const ROOM_TABLES = `
CREATE TABLE IF NOT EXISTS questions (
  deck TEXT NOT NULL, run INTEGER NOT NULL, id TEXT NOT NULL, client_id TEXT NOT NULL,
  text TEXT NOT NULL, name TEXT, merge_key TEXT NOT NULL,
  state TEXT NOT NULL, asked_at INTEGER NOT NULL, votes INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (deck, run, id),
  UNIQUE (deck, run, merge_key)
);
CREATE TABLE IF NOT EXISTS question_votes (
  deck TEXT NOT NULL, run INTEGER NOT NULL, question_id TEXT NOT NULL, client_id TEXT NOT NULL,
  PRIMARY KEY (deck, run, question_id, client_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lost (
  deck TEXT NOT NULL, run INTEGER NOT NULL, h INTEGER NOT NULL, v INTEGER NOT NULL, client_id TEXT NOT NULL,
  PRIMARY KEY (deck, run, h, v, client_id)
) WITHOUT ROWID;
`;

/** Creates the tables, or migrates a file from before runs. Runs at open, before anything is served. */
export function prepareSchema(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === SCHEMA_VERSION) {
    db.exec(ROOM_TABLES);
    return;
  }
  if (version > SCHEMA_VERSION) {
    throw new Error(`the data file was written by a newer lectern (schema ${version}); update lectern to open it`);
  }
  const hasTable = (name: string) =>
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  db.transaction(() => {
    if (hasTable('talks')) migrateFromBeforeRuns(db);
    else db.exec(SCHEMA);
    db.exec(ROOM_TABLES);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/**
 * Every deck the old file knows (a deck may have ratings and nothing else) becomes run 1, named
 * "before runs" and still current, so `lectern start` resumes it where it was. It is dated by the
 * first ballot or rating it holds.
 */
function migrateFromBeforeRuns(db: Database.Database): void {
  db.exec(`
    ALTER TABLE polls RENAME TO old_polls;
    ALTER TABLE ballots RENAME TO old_ballots;
    ALTER TABLE ratings RENAME TO old_ratings;
    ALTER TABLE talks RENAME TO old_talks;
  `);
  db.exec(SCHEMA);
  const now = Date.now();
  db.prepare(
    `INSERT INTO runs (deck, run, name, rehearsal, started_at, ended_at, seq, h, v, f)
     SELECT d.deck, 1, @name, 0,
       COALESCE((SELECT MIN(at) FROM (
         SELECT MIN(voted_at) AS at FROM old_ballots WHERE deck = d.deck
         UNION ALL SELECT MIN(rated_at) FROM old_ratings WHERE deck = d.deck)), @now),
       NULL, COALESCE(t.seq, 0), t.h, t.v, t.f
     FROM (SELECT deck FROM old_talks UNION SELECT deck FROM old_polls
           UNION SELECT deck FROM old_ballots UNION SELECT deck FROM old_ratings) AS d
     LEFT JOIN old_talks AS t ON t.deck = d.deck`,
  ).run({ name: BEFORE_RUNS, now });
  db.exec(`
    INSERT INTO polls SELECT deck, 1, poll_id, phase, show_results, round FROM old_polls;
    INSERT INTO ballots SELECT deck, 1, poll_id, client_id, choice, voted_at FROM old_ballots;
    INSERT INTO ratings SELECT deck, 1, client_id, score, rated_at FROM old_ratings;
    DROP TABLE old_polls;
    DROP TABLE old_ballots;
    DROP TABLE old_ratings;
    DROP TABLE old_talks;
  `);
}
