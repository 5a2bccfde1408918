/**
 * Runs async jobs one after another. The presenter's changes go through one per deck, so a double
 * click or a second presenter window cannot plan a transition from a state that is about to change.
 */
export type Serial = <T>(job: () => Promise<T>) => Promise<T>;

export function createSerial(): Serial {
  let tail: Promise<unknown> = Promise.resolve();
  return (job) => {
    const result = tail.then(job);
    tail = result.catch(() => {});
    return result;
  };
}
