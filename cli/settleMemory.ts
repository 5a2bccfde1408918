/**
 * Gives back, once the server is up, the memory its start-up used and an idle talk does not.
 *
 * Loading and compiling the server grows V8's young generation to some 16 MB (two 8 MB halves).
 * V8 shrinks it only at a garbage collection that runs while little is being allocated (it looks at
 * the last 5 s), and an idle talk server allocates so little that such a collection may not come for
 * minutes: 35 s after listening, one start in three still held it (65.6–81.1 MB on a loaded
 * machine). One full collection a few seconds after listening, when the start-up's allocation no
 * longer counts, shrinks it there and then (about 68 MB); V8 judges the rate at its collections, so
 * it may take a second one. Skipped once V8 did it, and a pause of a few milliseconds each on a heap
 * this small.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

/** The first try after listening; V8 measures the allocation rate at its collections, so the rate the
 * first one sees may still be the start-up's, and the next ones follow at this interval. */
const SETTLE_AFTER_MS = 5000;
const TRIES = 4;
/** The young generation's physical size above which it is still the start-up's. */
const GROWN_BYTES = 4 * 1024 * 1024;

const youngGeneration = (): number =>
  v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.physical_space_size ?? 0;

/** Node offers no collection on demand without `--expose-gc`: the flag is set only long enough to
 * take the function from a fresh context, so no other code sees a `gc` global. */
function fullCollection(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const collect = vm.runInNewContext('gc') as () => void;
  v8.setFlagsFromString('--no-expose-gc');
  return collect;
}

/** Schedules the collections (a few at most, each only while needed); never keeps the process alive. */
export function settleMemoryAfterStart(intervalMs = SETTLE_AFTER_MS, tries = TRIES): void {
  let collect: (() => void) | null = null;
  const attempt = (left: number): void => {
    if (left === 0 || youngGeneration() <= GROWN_BYTES) return;
    collect ??= fullCollection();
    collect();
    setTimeout(() => attempt(left - 1), intervalMs).unref();
  };
  setTimeout(() => attempt(tries), intervalMs).unref();
}
