/**
 * A talk file written before runs existed opens as one run named "before runs", nothing lost; and a
 * run survives the server being killed with `kill -9` while phones vote into it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite.ts';

/** The tables exactly as lectern wrote them before runs (schema without a version). */
const SCHEMA_BEFORE_RUNS = `
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
`;

let dir = '';
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = '';
});

function tempFile(): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-runs-'));
  return path.join(dir, 'talks.sqlite');
}

describe('a talk file from before runs', () => {
  it('opens as one current run named "before runs" with every slide, poll, ballot and rating', async () => {
    const file = tempFile();
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec(SCHEMA_BEFORE_RUNS);
    old.prepare('INSERT INTO talks VALUES (?, ?, ?, ?, ?)').run('advanced-kubernetes', 41, 12, 1, 2);
    const putPoll = old.prepare('INSERT INTO polls VALUES (?, ?, ?, ?, ?)');
    putPoll.run('advanced-kubernetes', 'q1', 'revealed', 0, 0);
    putPoll.run('advanced-kubernetes', 'q2', 'revealed', 1, 2);
    putPoll.run('advanced-kubernetes', 'q3', 'open', 0, 0);
    const putBallot = old.prepare('INSERT INTO ballots VALUES (?, ?, ?, ?, ?)');
    for (let i = 0; i < 150; i++)
      putBallot.run('advanced-kubernetes', `q${(i % 3) + 1}`, `phone-${i}`, i % 4, 1_700_000_000_000 + i);
    const putRating = old.prepare('INSERT INTO ratings VALUES (?, ?, ?, ?)');
    for (let i = 0; i < 40; i++) putRating.run('advanced-kubernetes', `phone-${i}`, (i % 5) + 1, 1_700_000_500_000 + i);
    // A deck that only ever got ratings has no row in `talks`.
    putRating.run('only-rated', 'phone-x', 3, 1_700_000_900_000);
    old.close();

    const store = openSqliteStore(file);
    try {
      const runs = await store.runs('advanced-kubernetes');
      expect(runs).toEqual([
        { id: 1, name: 'before runs', rehearsal: false, startedAt: 1_700_000_000_000, endedAt: null },
      ]);
      const talk = await store.load('advanced-kubernetes');
      expect(talk.seq).toBe(41);
      expect(talk.slide).toEqual({ h: 12, v: 1, f: 2 });
      expect(talk.polls).toEqual({
        q1: { phase: 'revealed', showResults: false, round: 0 },
        q2: { phase: 'revealed', showResults: true, round: 2 },
        q3: { phase: 'open', showResults: false, round: 0 },
      });
      expect(talk.ballots).toHaveLength(150);
      expect(talk.ballots.find((b) => b.clientId === 'phone-7')).toEqual({
        pollId: 'q2',
        clientId: 'phone-7',
        choice: 3,
      });
      expect(talk.ratings).toHaveLength(40);
      expect((await store.load('only-rated')).ratings).toEqual([{ clientId: 'phone-x', score: 3 }]);
      expect((await store.runs('only-rated')).map((r) => r.name)).toEqual(['before runs']);
      // The old run goes on: an open poll still takes ballots, and a new run starts after it.
      expect(await store.castBallot('advanced-kubernetes', 'q3', 'phone-new', 1)).toEqual({ ok: true, previous: null });
      const next = await store.newRun('advanced-kubernetes', { name: 'Berlin meetup', rehearsal: false });
      expect(next).toMatchObject({ run: { id: 2 }, seq: 41 });
      expect((await store.load('advanced-kubernetes', 1)).ballots).toHaveLength(151);
    } finally {
      await store.close();
    }
    // Opened again, it is not migrated twice.
    const again = openSqliteStore(file);
    expect((await again.runs('advanced-kubernetes')).map((r) => r.name)).toEqual(['before runs', 'Berlin meetup']);
    await again.close();
  });
});

describe('a run and kill -9', () => {
  it('keeps every acknowledged ballot of the current run, and the run stays current', async () => {
    const file = tempFile();
    const writer = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'runsWriter.ts'), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acked: string[] = [];
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      writer.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) if (line.startsWith('acked ')) acked.push(line.slice(6));
        if (acked.length >= 300) {
          writer.kill('SIGKILL');
          resolve();
        }
      });
      writer.on('exit', () => resolve());
      writer.on('error', reject);
    });
    await new Promise((resolve) =>
      writer.exitCode !== null || writer.signalCode ? resolve(null) : writer.once('exit', resolve),
    );
    expect(writer.signalCode).toBe('SIGKILL');

    const store = openSqliteStore(file);
    try {
      expect((await store.runs('deck')).map((r) => [r.id, r.name, r.endedAt === null])).toEqual([
        [1, 'rehearsal', false],
        [2, 'the talk', true],
      ]);
      const kept = new Set((await store.load('deck')).ballots.map((b) => b.clientId));
      for (const phone of acked) expect(kept.has(phone)).toBe(true);
      expect((await store.load('deck', 1)).ballots).toEqual([{ pollId: 'q1', clientId: 'rehearsal-phone', choice: 0 }]);
    } finally {
      await store.close();
    }
  });
});
