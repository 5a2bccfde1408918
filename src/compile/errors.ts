/** A problem in a deck's source, pinned to the file and line a speaker must fix. */
export class DeckError extends Error {
  constructor(
    readonly file: string,
    /** 1-based line in the deck file; 0 when the fault is the deck's folder itself (its name). */
    readonly line: number,
    readonly reason: string,
    /** What to do about it, when there is more to say than the reason. */
    readonly hint?: string,
  ) {
    super(`${file}${line > 0 ? `:${line}` : ''}: ${reason}`);
    this.name = 'DeckError';
  }
}
