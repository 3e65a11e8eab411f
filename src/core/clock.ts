/** Time as the core sees it; injected so tests can drive timers without patching globals. */
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

/** The real clock. Looks the globals up on each call so vitest's fake timers apply to it. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms, keepAlive = false) => {
    const t = setTimeout(fn, ms);
    if (!keepAlive) t.unref?.();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
