/**
 * The talk's data file as the speaker meets it: every failure to open, lock or write it says which file
 * and which setting chose it, in words, instead of SQLite's bare `unable to open database file`.
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * The talk's SQLite file: the `--data` flag if given, else `LECTERN_DATA`, else `.lectern/talks.sqlite`
 * in the talk folder `root`. One rule for `start`, `results` and the export.
 */
export function talkDataFile(root: string, flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag ?? env.LECTERN_DATA ?? path.join(root, '.lectern', 'talks.sqlite'));
}

/** How the file was chosen, for the messages. */
export const DATA_FILE_SETTING = '--data / LECTERN_DATA';

/** A failure of the data file, named; `code` is SQLite's (`SQLITE_BUSY`, …) or the system's (`EACCES`, …). */
export class DataFileError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'DataFileError';
  }
}

export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** SQLite's or the system's error → what happened to which file, and what to do. */
export function describeDataFileError(error: unknown, file: string, setting = DATA_FILE_SETTING): DataFileError {
  if (error instanceof DataFileError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  const named = `${file} (${setting})`;
  const say = (text: string) => new DataFileError(text, file, typeof code === 'string' ? code : undefined);
  switch (typeof code === 'string' ? code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1') : '') {
    case 'SQLITE_CANTOPEN':
      return say(`cannot open the data file ${named}: check that its folder exists and that you may write there`);
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return say(
        `the data file ${named} is not a lectern data file (not an SQLite database, or damaged): choose another file`,
      );
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return say(
        `the data file ${named} is locked by another program (an sqlite3 shell, a backup?): close it, or choose another file`,
      );
    case 'SQLITE_FULL':
      return say(`the data file ${named} cannot grow: the disk is full`);
    case 'SQLITE_READONLY':
      return say(`the data file ${named} is read-only: make it writable, or choose another file`);
    case 'SQLITE_IOERR':
      return say(`the data file ${named} could not be read or written (${reason})`);
    case 'SQLITE_PERM':
    case 'EACCES':
    case 'EPERM':
      return say(`no permission to use the data file ${named}`);
    case 'EEXIST':
    case 'ENOTDIR':
      return say(
        `cannot create the folder of the data file ${named}: ${path.dirname(file)} or a folder above it is a file`,
      );
    case 'EROFS':
      return say(`cannot create the data file ${named}: the file system is read-only`);
    default:
      return say(`the data file ${named}: ${reason}`);
  }
}

/** Creates the file's folder, with an error naming the file when it cannot. */
export function ensureFolderOf(file: string, setting = DATA_FILE_SETTING): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  } catch (error) {
    throw describeDataFileError(error, file, setting);
  }
}
