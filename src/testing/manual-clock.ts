import type { Clock, TimerHandle } from '../core/clock.js';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
}

/**
 * A deterministic `Clock` for tests: time moves only when the test awaits `advance(ms)`, which fires the timers falling due in order (due time, then the order
 * they were set), each with `now()` at its due time; timers set by a firing timer fire too if
 * they fall due within the step. Pass it wherever muster takes a clock
 * (`createCluster(config, { clock })`, `StrategyContext.clock`, `TransportContext.clock`)
 * instead of patching global timers. `keepAlive` has no meaning here.
 */
export class ManualClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly timers = new Map<object, Timer>();

  /** `start`: the value of `now()` before the first advance, in milliseconds. */
  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle = {};
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    this.timers.set(handle, { at: this.time + delay, seq: this.seq++, fn });
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    if (typeof handle === 'object' && handle !== null) this.timers.delete(handle);
  }

  /** Timers set and not yet fired or cleared. */
  get pending(): number {
    return this.timers.size;
  }

  /** Milliseconds until the next timer falls due, or undefined when none is set. */
  nextDue(): number | undefined {
    const next = this.due(Number.POSITIVE_INFINITY);
    return next === undefined ? undefined : next[1].at - this.time;
  }

  /**
   * Moves time `ms` forward, firing the timers due on the way in order, and lets pending
   * promise callbacks and I/O run before and after each (code under test awaits between
   * timers: a poll loop, a retry).
   */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await settle();
    for (let next = this.due(end); next !== undefined; next = this.due(end)) {
      this.fire(next);
      await settle();
    }
    this.time = end;
  }

  private fire([handle, timer]: [object, Timer]): void {
    this.timers.delete(handle);
    this.time = Math.max(this.time, timer.at);
    timer.fn();
  }

  /** The earliest timer due at or before `end`. */
  private due(end: number): [object, Timer] | undefined {
    let best: [object, Timer] | undefined;
    for (const entry of this.timers) {
      const t = entry[1];
      if (t.at > end) continue;
      if (best === undefined || t.at < best[1].at || (t.at === best[1].at && t.seq < best[1].seq))
        best = entry;
    }
    return best;
  }
}

/** One turn of the event loop: promise callbacks and ready I/O run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
