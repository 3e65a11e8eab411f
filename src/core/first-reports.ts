import type { Clock } from './clock.js';
import type { Strategy } from './strategy.js';

/**
 * Resolves when every strategy has answered once (its `ready` settled: a first report) or
 * failed once (an `error`), or after `timeoutMs`, whichever comes first; never rejects. What
 * `cluster.start()` awaits so that `wanted()` right after it holds the first answers of every
 * topology alike (dns-poll's as much as static's), while a slow or dead source cannot hold
 * start-up for longer than the bound. `0` does not wait; `signal` (stop()) ends the wait.
 */
export function firstReports(
  strategies: readonly Strategy[],
  clock: Clock,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve) => {
    let pending = strategies.length;
    if (pending === 0 || timeoutMs === 0 || signal?.aborted) {
      resolve();
      return;
    }
    const detach: (() => void)[] = [];
    const finish = () => {
      clock.clearTimeout(timer);
      for (const off of detach.splice(0)) off();
      resolve();
    };
    const timer = clock.setTimeout(finish, timeoutMs, true);
    signal?.addEventListener('abort', finish, { once: true });
    detach.push(() => signal?.removeEventListener('abort', finish));
    for (const strategy of strategies) {
      let answered = false;
      const settle = () => {
        if (answered) return;
        answered = true;
        if (--pending === 0) finish();
      };
      void strategy.ready.then(settle);
      strategy.once('error', settle);
      detach.push(() => strategy.off('error', settle));
    }
  });
}
