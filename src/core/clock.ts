/**
 * Time as the core sees it; injected so tests drive timers without patching globals.
 * `now()` is monotonic milliseconds from an arbitrary origin, never the wall clock: an NTP
 * step or a hand-set clock must not move backoff deadlines, timeouts or rate limits. Use it
 * for durations and deadlines only; a timestamp another host reads is `Date.now()`.
 */
export interface Clock {
  now(): number;
  /**
   * Timers are unref'd (polls and retries never keep a process alive on their own) unless
   * `keepAlive` is set, for short waits someone is awaiting: a debounce flush, `ready()`.
   */
  setTimeout(fn: () => void, ms: number, keepAlive?: boolean): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export type TimerHandle = unknown;

/**
 * The real clock: `performance.now()` (monotonic, as Node's timers are) and the host's timers,
 * taken when this module loads. Tests inject `ManualClock` (muster-cluster/testing) instead.
 */
export const systemClock: Clock = (() => {
  const { setTimeout: set, clearTimeout: clear } = globalThis;
  const { performance: perf } = globalThis;
  return {
    now: () => perf.now(),
    setTimeout: (fn, ms, keepAlive = false) => {
      const t = set(fn, ms);
      if (!keepAlive) t.unref?.();
      return t;
    },
    clearTimeout: (handle) => clear(handle as ReturnType<typeof setTimeout>),
  };
})();
