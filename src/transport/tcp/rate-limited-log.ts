import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';

/**
 * How often one kind of warning about strangers may be written. Strangers (sockets that have
 * not proven the cookie) are unlimited in number; the log lines they cause must not be.
 */
export const STRANGER_WARNING_PERIOD_MS = 60_000;

/**
 * Warnings that outsiders can trigger at will: each message is written at `warn` at most once
 * per period, with `suppressed` counting the ones held back since; those are written at
 * `debug` (off in production), so every occurrence is one line at one level or the other.
 * Messages are constant strings, so the map holds a handful of entries.
 */
export class RateLimitedLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly periodMs = STRANGER_WARNING_PERIOD_MS,
  ) {}

  warn(fields: Record<string, unknown>, message: string): void {
    const now = this.clock.now();
    const seen = this.last.get(message);
    if (seen !== undefined && now - seen.at < this.periodMs) {
      seen.suppressed++;
      this.logger.debug(fields, message);
      return;
    }
    this.logger.warn({ ...fields, suppressed: seen?.suppressed ?? 0 }, message);
    this.last.set(message, { at: now, suppressed: 0 });
  }
}
