/**
 * One server per data file. Two servers on one file both started and split the room: each kept its
 * own slide and polls in memory and wrote over the other's. The first server holds an exclusive lock
 * on `<file>.lock` (a one-table SQLite file in `locking_mode=EXCLUSIVE`, so the lock is the operating
 * system's: it goes when the process does, `kill -9` included, and a second server in the same process
 * meets it too). The data file itself stays readable by `npm run results` and the export meanwhile.
 */
import Database from 'better-sqlite3';
import { DATA_FILE_SETTING, DataFileError, describeDataFileError, isBusy } from './dataFile.ts';

export interface DataFileLock {
  release(): void;
}

export function lockDataFile(file: string, setting = DATA_FILE_SETTING): DataFileLock {
  const lockFile = `${file}.lock`;
  let db: Database.Database | null = null;
  try {
    db = new Database(lockFile);
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    // A write takes the exclusive lock; in this locking mode it is then kept until the connection closes.
    db.exec(
      'BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS holder (pid INTEGER); DELETE FROM holder; INSERT INTO holder VALUES (' +
        process.pid +
        '); COMMIT;',
    );
  } catch (error) {
    db?.close();
    if (isBusy(error)) {
      throw new DataFileError(
        `another lectern server is using the data file ${file} (${setting}): stop it first, or give this one another file`,
        file,
        'LOCKED_BY_SERVER',
      );
    }
    throw describeDataFileError(error, lockFile, setting);
  }
  const held = db;
  return {
    release() {
      if (held.open) held.close();
    },
  };
}
