/** A problem in a deck's source, pinned to the file and line a speaker must fix. */
export class DeckError extends Error {
  constructor(
    readonly file: string,
    /** 1-based line in the deck file. */
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'DeckError';
  }
}
