/**
 * A run left with its default name (`2026-11-30 19:05`, its start, as `defaultRunName` in
 * server/talk/runs.ts writes it) already says when it was: wherever runs are listed, its start is
 * not printed a second time.
 */
export const namedByItsStart = (name: string): boolean => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(name);
