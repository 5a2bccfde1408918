import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { configureConnection, openSqliteStore } from '../../server/store/sqlite.ts';
import { describeStoreContract } from './contract.ts';

function tempFile(): { file: string; cleanup: () => Promise<void> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-store-'));
  return {
    file: path.join(dir, 'talks.sqlite'),
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

describeStoreContract('sqlite', async () => {
  const { file, cleanup } = tempFile();
  const harness = {
    store: openSqliteStore(file),
    reopen: async () => {
      await harness.store.close();
      harness.store = openSqliteStore(file);
      return harness.store;
    },
    cleanup,
  };
  return harness;
});

describeStoreContract('sqlite, synchronous=FULL', async () => {
  const { file, cleanup } = tempFile();
  return { store: openSqliteStore(file, { synchronous: 'full' }), cleanup };
});

describe('sqlite store', () => {
  it('opens in WAL mode with synchronous set explicitly', () => {
    const { file, cleanup } = tempFile();
    for (const [mode, level] of [
      ['full', 2],
      ['normal', 1],
    ] as const) {
      const db = new Database(file);
      configureConnection(db, mode);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(level);
      db.close();
    }
    void cleanup();
  });

  it('refuses to create a file when it must exist', () => {
    const { file } = tempFile();
    expect(() => openSqliteStore(file, { mustExist: true })).toThrow();
  });

  it('commits a burst of writes in few transactions, each caller answered after its commit', async () => {
    const { file, cleanup } = tempFile();
    const store = openSqliteStore(file);
    await store.updatePoll(
      'd',
      'q1',
      { phase: 'closed', showResults: false, round: 0 },
      { phase: 'open', showResults: false, round: 0 },
      false,
    );
    const replies = await Promise.all(
      Array.from({ length: 500 }, (_, i) => store.castBallot('d', 'q1', `c${i}`, i % 3)),
    );
    expect(replies.every((r) => r.ok)).toBe(true);
    // A second connection sees them all as soon as the promises resolved: committed, not pending.
    const probe = new Database(file, { readonly: true });
    expect(probe.prepare('SELECT count(*) AS n FROM ballots').get()).toEqual({ n: 500 });
    probe.close();
    await store.close();
    await cleanup();
  });
});
