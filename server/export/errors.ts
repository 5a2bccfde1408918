/**
 * An expected failure the speaker can fix (no browser, unknown deck, no results): the command prints
 * its message alone and exits non-zero, with no stack trace. Anything else is a bug and keeps its stack.
 */
export class ExportError extends Error {
  override readonly name = 'ExportError';
}
