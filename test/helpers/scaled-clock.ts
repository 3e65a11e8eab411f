import type { Clock } from '../../src/core/clock.js';

/**
 * A real clock that runs `factor` times faster than the wall: timers fire after ms / factor
 * real milliseconds and `now()` advances factor ms per real ms. For tests that must let a
 * strategy live through seconds of its own time without taking that long; the bounds they
 * check are upper bounds, so a slow machine only makes them easier to meet.
 */
export function scaledClock(factor: number): Clock & { sleep(ms: number): Promise<void> } {
  const origin = Date.now();
  const clock: Clock = {
    now: () => origin + (Date.now() - origin) * factor,
    setTimeout: (fn, ms, keepAlive = false) => {
      const t = setTimeout(fn, Math.max(0, ms) / factor);
      if (!keepAlive) t.unref();
      return t;
    },
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  return {
    ...clock,
    sleep: (ms) => new Promise((resolve) => clock.setTimeout(resolve, ms, true)),
  };
}
