import type { TimerHandle } from '../core/clock.js';
import { DiscoveryError, MusterError } from '../core/errors.js';
import type { NodeName } from '../core/node-name.js';
import type { PendingDiff } from '../core/node-set-diff.js';
import { BaseStrategy } from '../core/strategy.js';
import { FailureLog } from './failure-log.js';

export interface PollingConfig {
  /** Milliseconds between the end of one poll and the start of the next. */
  readonly pollingInterval: number;
}

/**
 * The one reconcile loop every polling strategy shares: poll at start, then `pollingInterval`
 * after each poll ends (so a slow source never gets overlapping polls), report the full answer
 * as a minimal diff, and on failure emit `error` and keep the set (a timeout is not "nobody").
 * What a run of failures writes to the log is FailureLog's policy: one line per kind, not one
 * per poll.
 */
export abstract class PollingStrategy<Config extends PollingConfig> extends BaseStrategy<Config> {
  private timer: TimerHandle | undefined;
  private inFlight: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private pollAgain = false;
  private started = 0;
  private completed = 0;
  private waiters: { target: number; resolve: () => void }[] = [];
  private readonly failures = new FailureLog(this.context.logger, this.context.clock);

  /**
   * The full set the source lists right now, or (a strategy keeping its own KeyedNodeSet and
   * answering `known()` from it) the diff to it, committed only if the poll still counts.
   * Throw to signal a failed poll.
   */
  protected abstract poll(signal: AbortSignal): Promise<Set<NodeName> | PendingDiff>;

  protected onStart(): void {
    this.runPoll();
  }

  protected async onStop(): Promise<void> {
    if (this.timer !== undefined) this.context.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.pollAgain = false;
    this.abort?.abort();
    await this.inFlight;
    for (const w of this.waiters.splice(0)) w.resolve();
  }

  /**
   * Polls as soon as possible: now if idle, right after the current poll otherwise.
   * Long-polling strategies call this when their source says something changed.
   */
  requestPoll(): void {
    if (!this.isRunning) return;
    if (this.inFlight) {
      this.pollAgain = true;
      return;
    }
    if (this.timer !== undefined) this.context.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.runPoll();
  }

  /**
   * Starts a fresh poll (after the current one, if any) and resolves when it has finished,
   * whatever its outcome. For tests, the CLI and long-polling strategies.
   */
  pollNow(): Promise<void> {
    if (!this.isRunning) return Promise.resolve();
    const target = this.started + 1;
    const done = new Promise<void>((resolve) => this.waiters.push({ target, resolve }));
    this.requestPoll();
    return done;
  }

  /** Milliseconds from the end of a poll to the next; a strategy may add jitter. */
  protected nextPollDelay(): number {
    return this.context.config.pollingInterval;
  }

  private runPoll(): void {
    const abort = new AbortController();
    this.abort = abort;
    this.started++;
    this.inFlight = this.pollOnce(abort.signal).finally(() => {
      this.inFlight = undefined;
      this.abort = undefined;
      this.completed++;
      this.wakeWaiters();
      if (!this.isRunning) return;
      if (this.pollAgain) {
        this.pollAgain = false;
        this.runPoll();
      } else {
        this.timer = this.context.clock.setTimeout(() => {
          this.timer = undefined;
          this.runPoll();
        }, this.nextPollDelay());
      }
    });
  }

  private wakeWaiters(): void {
    if (this.waiters.length === 0) return;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) this.completed >= w.target ? w.resolve() : still.push(w);
    this.waiters = still;
  }

  private async pollOnce(signal: AbortSignal): Promise<void> {
    try {
      // Race the abort so stop() never waits on a source that ignores its signal.
      const next = await Promise.race([this.poll(signal), rejectOnAbort(signal)]);
      if (signal.aborted) return;
      if (next instanceof Set) this.report(next);
      else this.reportPending(next);
      if (this.isRunning) this.failures.succeeded();
    } catch (err) {
      if (signal.aborted) return;
      if (err instanceof MusterError) this.failPoll(err, false);
      else {
        const message = err instanceof Error ? err.message : String(err);
        this.failPoll(new DiscoveryError(this.context.topology, message, { cause: err }), true);
      }
    }
  }

  /** A failed poll: emitted every time, logged as FailureLog decides. */
  protected override fail(error: MusterError): void {
    this.failPoll(error, false);
  }

  private failPoll(error: MusterError, unexpected: boolean): void {
    if (!this.isRunning) return;
    this.failures.failed(error, unexpected);
    this.emit('error', error);
  }
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
