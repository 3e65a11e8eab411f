import { DemoError } from '../cli-errors.js';
import type { DemoFleet } from './demo-fleet.js';

/**
 * Resolves with the milliseconds it took once `done()` holds, checked on every change the
 * fleet reports (IPC messages, exits): event-driven, no polling. Rejects with a DemoError when
 * a node fails, at `deadline` (`performance.now()` ms), or when `signal` aborts.
 */
export function waitFor(
  fleet: DemoFleet,
  done: () => boolean,
  deadline: number,
  signal: AbortSignal,
): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      fleet.off('change', check);
      fleet.off('failure', onFailure);
      signal.removeEventListener('abort', onAbort);
    };
    const check = () => {
      if (!done()) return;
      cleanup();
      resolve(Math.round(performance.now() - t0));
    };
    const onFailure = (err: DemoError) => {
      cleanup();
      reject(err);
    };
    const onAbort = () => onFailure(new DemoError(`interrupted by ${String(signal.reason)}`));
    const timer = setTimeout(
      () => onFailure(new DemoError(`timed out; ${fleet.describeGaps()}`)),
      Math.max(0, deadline - performance.now()),
    );
    fleet.on('change', check);
    fleet.on('failure', onFailure);
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
    else check();
  });
}
