/**
 * Ending a child process a test started, by its PID: `kill` is a crash (SIGKILL, nothing flushed),
 * `stop` a clean shutdown (SIGTERM, then SIGKILL if it is still there after a few seconds). Both
 * resolve once it is gone.
 */
import type { ChildProcess } from 'node:child_process';

const GRACE_MS = 5000;

export interface Ending {
  exited(): boolean;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export function endingOf(child: ChildProcess): Ending {
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const waitExit = () =>
    new Promise<boolean>((resolve) => {
      if (exited()) return resolve(true);
      const timer = setTimeout(() => resolve(false), GRACE_MS);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  const signal = (sig: NodeJS.Signals) => {
    if (!exited() && child.pid !== undefined) process.kill(child.pid, sig);
  };
  const kill = async () => {
    signal('SIGKILL');
    await waitExit();
  };
  return {
    exited,
    kill,
    async stop() {
      signal('SIGTERM');
      if (!(await waitExit())) await kill();
    },
  };
}
