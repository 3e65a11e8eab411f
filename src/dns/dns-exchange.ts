import { DnsAbortedError } from './dns-errors.js';
import type { DnsQuestion } from './dns-message.js';
import type { LookupAbort } from './lookup-abort.js';

/** One query to send: the question, its id, whether to add EDNS, the per-try deadline in ms. */
export interface ExchangeQuery {
  readonly question: DnsQuestion;
  readonly id: number;
  readonly edns: boolean;
  readonly timeout: number;
}

/**
 * One request in flight with a deadline and its lookup's abort: settles exactly once, and runs
 * `cleanup` (close the socket, clear the timer, drop the abort subscription) whatever happens.
 */
export class PendingExchange<T> {
  readonly promise: Promise<T>;
  private settled = false;
  private resolveFn!: (value: T) => void;
  private rejectFn!: (err: unknown) => void;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly cleanups: (() => void)[] = [];

  constructor(timeoutMs: number, onTimeout: () => T, abort: LookupAbort | undefined, what: string) {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
    this.timer = setTimeout(() => this.resolve(onTimeout()), timeoutMs);
    if (abort) {
      const onAbort = () => this.reject(new DnsAbortedError(what));
      if (abort.aborted) queueMicrotask(onAbort);
      else this.cleanups.push(abort.subscribe(onAbort));
    }
  }

  get done(): boolean {
    return this.settled;
  }

  onCleanup(fn: () => void): void {
    this.cleanups.push(fn);
  }

  resolve(value: T): void {
    if (this.finish()) this.resolveFn(value);
  }

  reject(err: unknown): void {
    if (this.finish()) this.rejectFn(err);
  }

  private finish(): boolean {
    if (this.settled) return false;
    this.settled = true;
    clearTimeout(this.timer);
    for (const fn of this.cleanups) {
      try {
        fn();
      } catch {
        // Closing an already-closed socket must not mask the real outcome.
      }
    }
    return true;
  }
}
