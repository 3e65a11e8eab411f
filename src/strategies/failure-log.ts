import type { Clock } from '../core/clock.js';
import type { MusterError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

/** A failure that keeps repeating is summarised at most once a minute. */
export const FAILURE_SUMMARY_INTERVAL_MS = 60_000;

/** Distinct error codes tracked in one outage; more codes than this are counted, not named. */
const MAX_KINDS = 16;

/**
 * The log policy of a source that fails poll after poll (a nameserver down for an hour must not
 * write a line per poll, libcluster#16): the first failure of each kind (error code) in an
 * outage is logged at warn with its code and message; repeats are counted and summarised at
 * most once per `summaryInterval` ms; the first success after failures logs one "recovered"
 * line, at warn too, so it is seen wherever the failure was. Stacks are logged only for
 * `unexpected` errors (a bug, not a network fault). Every failure is still emitted as an
 * `error` event; this only decides what reaches the log.
 */
export class FailureLog {
  private failures = 0;
  private since = 0;
  private lastSummary = 0;
  private repeats = 0;
  private readonly kinds = new Map<string, number>();

  /** `subject` names what fails in the lines ("discovery", "the AAAA lookup"). */
  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
    readonly summaryInterval: number = FAILURE_SUMMARY_INTERVAL_MS,
    private readonly subject = 'discovery',
  ) {}

  failed(error: MusterError, unexpected = false): void {
    const now = this.clock.now();
    if (this.failures === 0) {
      this.since = now;
      this.lastSummary = now;
    }
    this.failures++;
    const seen = this.kinds.get(error.code);
    if (seen === undefined && this.kinds.size < MAX_KINDS) {
      this.kinds.set(error.code, 1);
      const fields = unexpected ? { code: error.code, err: error } : { code: error.code };
      this.logger.warn(fields, `${this.subject} failed; keeping known nodes: ${error.message}`);
      return;
    }
    if (seen !== undefined) this.kinds.set(error.code, seen + 1);
    this.repeats++;
    this.logger.debug({ code: error.code }, `${this.subject} failed again: ${error.message}`);
    if (now - this.lastSummary < this.summaryInterval) return;
    this.logger.warn(
      {
        code: error.code,
        failures: this.failures,
        repeats: this.repeats,
        sinceMs: Math.round(now - this.since),
      },
      `${this.subject} still failing: ${this.repeats} more failed polls in ${Math.round(now - this.lastSummary)} ms; latest: ${error.message}`,
    );
    this.lastSummary = now;
    this.repeats = 0;
  }

  /** A poll succeeded: logs the recovery once if it ended an outage. */
  succeeded(): void {
    if (this.failures === 0) return;
    const durationMs = Math.round(this.clock.now() - this.since);
    this.logger.warn(
      { failures: this.failures, codes: Object.fromEntries(this.kinds), durationMs },
      `${this.subject} recovered after ${this.failures} failed polls over ${durationMs} ms`,
    );
    this.failures = 0;
    this.repeats = 0;
    this.kinds.clear();
  }
}
