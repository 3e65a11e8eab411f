import type { Clock, TimerHandle } from './clock.js';
import { defaults } from './defaults.js';
import { InvalidArgumentError } from './errors.js';
import { describe, MAX_TIMER_MS } from './validation.js';

interface Waiter {
  readonly minNodes: number;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
  readonly timer: TimerHandle;
}

/** Promises for "at least N peers connected", settled on edges, never by polling. */
export class ReadyWaiters {
  private waiters: Waiter[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly count: () => number,
  ) {}

  wait(
    minNodes: number,
    timeoutMs: number = defaults.readyTimeoutMs,
    timeoutError: (minNodes: number, have: number, timeoutMs: number) => Error,
  ): Promise<void> {
    if (!Number.isInteger(minNodes) || minNodes < 0) {
      return Promise.reject(
        new InvalidArgumentError('ready({ minNodes })', 'an integer >= 0', describe(minNodes)),
      );
    }
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMER_MS) {
      return Promise.reject(
        new InvalidArgumentError(
          'ready({ timeout })',
          `an integer number of milliseconds from 1 to ${MAX_TIMER_MS}`,
          describe(timeoutMs),
        ),
      );
    }
    if (this.count() >= minNodes) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = this.clock.setTimeout(
        () => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(timeoutError(minNodes, this.count(), timeoutMs));
        },
        timeoutMs,
        true,
      );
      const waiter: Waiter = { minNodes, resolve, reject, timer };
      this.waiters.push(waiter);
    });
  }

  check(): void {
    if (this.waiters.length === 0) return;
    const have = this.count();
    this.waiters = this.waiters.filter((w) => {
      if (have < w.minNodes) return true;
      this.clock.clearTimeout(w.timer);
      w.resolve();
      return false;
    });
  }

  rejectAll(err: Error): void {
    for (const w of this.waiters.splice(0)) {
      this.clock.clearTimeout(w.timer);
      w.reject(err);
    }
  }
}
