import { DnsAbortedError } from './dns-errors.js';

/**
 * One request in flight with a deadline and an AbortSignal: settles exactly once, and runs
 * `cleanup` (close the socket, clear the timer, drop the abort listener) whatever happens.
 */
export class PendingExchange<T> {
  readonly promise: Promise<T>;
  private settled = false;
  private resolveFn!: (value: T) => void;
  private rejectFn!: (err: unknown) => void;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    timeoutMs: number,
    onTimeout: () => T,
    signal: AbortSignal | undefined,
    what: string,
  ) {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
    this.timer = setTimeout(() => this.resolve(onTimeout()), timeoutMs);
    if (signal) {
      const onAbort = () => this.reject(new DnsAbortedError(what));
      if (signal.aborted) queueMicrotask(onAbort);
      else {
        signal.addEventListener('abort', onAbort, { once: true });
        this.cleanups.push(() => signal.removeEventListener('abort', onAbort));
      }
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
