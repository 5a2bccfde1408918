/**
 * Preloaded into a real `server/main.ts` (`node --import tsx --import probe.ts …`) to measure it from
 * inside without changing it: event-loop delay from `perf_hooks.monitorEventLoopDelay`, and memory
 * after a full collection when started with `--expose-gc`. Answers requests over the IPC channel the
 * harness opened; without one it does nothing.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { answerRequests } from './ipcChild.ts';

if (process.send) {
  // 10 ms resolution: fine enough for a 200 ms bound, cheap enough not to be the lag itself.
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const ms = (ns: number) => Math.round((ns / 1e6) * 10) / 10;

  answerRequests((message) => {
    switch (message.type) {
      case 'lag-reset':
        delay.reset();
        return {};
      case 'lag':
        return {
          p50: ms(delay.percentile(50)),
          p99: ms(delay.percentile(99)),
          max: ms(delay.max),
          samples: delay.count,
        };
      case 'memory': {
        const gc = (globalThis as { gc?: () => void }).gc;
        for (let i = 0; i < 3; i++) gc?.();
        const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
        return { rss, heapUsed, external, arrayBuffers, collected: Boolean(gc) };
      }
      default:
        throw new Error(`unknown probe request ${message.type}`);
    }
  });
}
