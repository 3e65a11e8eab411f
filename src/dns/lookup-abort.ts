import { DnsAbortedError } from './dns-errors.js';

/**
 * The caller's AbortSignal, listened to once per lookup and fanned out to every exchange the
 * lookup makes. An SRV answer with hundreds of targets runs many exchanges at once; one
 * listener each on the caller's signal would trip Node's MaxListenersExceededWarning (11
 * "abort" listeners) and hold a listener per exchange on a signal that may live for hours.
 */
export class LookupAbort {
  private readonly listeners = new Set<() => void>();
  private readonly onAbort = () => {
    for (const fn of [...this.listeners]) fn();
    this.listeners.clear();
  };

  constructor(private readonly signal: AbortSignal | undefined) {
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  get aborted(): boolean {
    return this.signal?.aborted ?? false;
  }

  /** Throws DnsAbortedError for `what` if the lookup was cancelled. */
  check(what: string): void {
    if (this.aborted) throw new DnsAbortedError(what);
  }

  /** Calls `fn` once on abort; the returned function unsubscribes. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Call when the lookup has settled: drops the one listener on the caller's signal and ends
   * any exchange still running (an SRV lookup that failed on one target leaves others in
   * flight; their answers are no longer wanted).
   */
  dispose(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
    this.onAbort();
  }
}
