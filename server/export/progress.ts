/**
 * The export's progress on stderr, so stdout stays free for scripts. On a terminal it is one line
 * redrawn in place; piped into a file or CI log it becomes one plain line per step.
 */

export const STEPS = ['build', 'open', 'wait', 'print', 'write'] as const;
export type Step = (typeof STEPS)[number];

const LABELS: Record<Step, string> = {
  build: 'checking the build',
  open: 'opening it in the browser',
  wait: 'waiting for fonts and diagrams',
  print: 'printing',
  write: 'writing the PDF',
};

const BAR_WIDTH = 20;

export interface Progress {
  step(step: Step, detail?: string): void;
  /** A line of its own (e.g. why the deck is being built), kept above the redrawn progress line. */
  note(message: string): void;
  /** Ends the line with a last message (the file written, or nothing on failure). */
  done(message?: string): void;
}

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export function createProgress(stream: ProgressStream = process.stderr, now: () => number = Date.now): Progress {
  const started = now();
  let drawn = false;
  const seconds = () => `${((now() - started) / 1000).toFixed(1)}s`;

  return {
    step(step, detail) {
      const index = STEPS.indexOf(step);
      const label = detail ? `${LABELS[step]} (${detail})` : LABELS[step];
      if (!stream.isTTY) {
        stream.write(`export ${index + 1}/${STEPS.length} ${label} … ${seconds()}\n`);
        return;
      }
      const filled = Math.round((index / STEPS.length) * BAR_WIDTH);
      const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
      const line = `${bar} ${index + 1}/${STEPS.length} ${label} … ${seconds()}`;
      // \r and clear-to-end-of-line redraw in place; cut to the width so a narrow terminal does not wrap.
      stream.write(`\r\x1b[2K${line.slice(0, (stream.columns || 80) - 1)}`);
      drawn = true;
    },
    note(message) {
      if (stream.isTTY && drawn) stream.write('\r\x1b[2K');
      drawn = false;
      stream.write(`${message}\n`);
    },
    done(message) {
      if (stream.isTTY && drawn) stream.write('\r\x1b[2K');
      if (message) stream.write(`${message} (${seconds()})\n`);
    },
  };
}
