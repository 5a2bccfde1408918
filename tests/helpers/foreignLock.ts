/**
 * Another program holding a write lock on a SQLite file, as an sqlite3 shell inside a transaction
 * would: a child process, so the lock is a real one between processes. `release()` commits and ends it.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A lock holder left behind by a failed test lets go by itself. */
const MAX_HOLD_MS = 180_000;

export interface ForeignLock {
  release(): Promise<void>;
}

export async function holdWriteLock(file: string): Promise<ForeignLock> {
  const script = `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(file)}); db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\\n'); const done = () => { db.exec('COMMIT'); db.close(); process.exit(0); };
process.stdin.once('data', done); process.stdin.once('end', done); setTimeout(done, ${MAX_HOLD_MS}).unref();`;
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['-e', script], { cwd: ROOT });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`lock holder exited ${code}`)));
  });
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    child.stdin.write('go\n');
    await new Promise((resolve) => child.once('exit', resolve));
  };
  return { release };
}
