import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { rancherDefaults } from './rancher-defaults.js';
import type { RancherMetadataClient } from './rancher-http-client.js';
import { parseVersion } from './rancher-shapes.js';

export interface VersionWatcherOptions {
  readonly client: RancherMetadataClient;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The server's `maxWait` for one long poll, in milliseconds (sent rounded up to seconds). */
  readonly maxWaitMs: number;
  /** Extra time on top of `maxWait` before a long poll counts as hung. */
  readonly timeoutMs: number;
  /** Called when the version differs from the one last seen. */
  readonly onChange: (version: string) => void;
  /**
   * Called once, when the server answered long polls at once with the version it was asked
   * about (it ignores `wait=true`); the watcher has stopped and interval polling carries on.
   */
  readonly onUnsupported?: (url: string) => void;
  readonly retryInitialMs?: number;
  readonly retryMaxMs?: number;
  /** Least time between the starts of two requests of this loop, in milliseconds. */
  readonly floorMs?: number;
}

/**
 * Long-polls `version?wait=true&value=<last>&maxWait=<s>` in a loop and calls `onChange` when
 * the metadata changes. A failed long poll is retried with doubling delays (the interval poll
 * goes on meanwhile, so a broken long poll only makes reactions slower, never wrong).
 *
 * Metadata services older than long polling (rancher/rancher-metadata#25) answer at once with
 * the same version. Two such answers in a row, each back in under half the wait, mean "not
 * supported": the watcher says so through `onUnsupported` and stops. Whatever the server does,
 * two requests of this loop never start less than `floorMs` apart.
 */
export class VersionWatcher {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(private readonly options: VersionWatcherOptions) {}

  /** Starts watching from `initial` (the version the first poll saw, if it saw one). */
  start(initial: Promise<string | undefined>): void {
    this.loop ??= this.run(initial).catch((err: unknown) => {
      this.options.logger.error({ err }, 'rancher long poll loop stopped unexpectedly');
    });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(initial: Promise<string | undefined>): Promise<void> {
    const { client, clock, logger } = this.options;
    const signal = this.abort.signal;
    const retryInitial = this.options.retryInitialMs ?? rancherDefaults.longPollRetryInitialMs;
    const retryMax = this.options.retryMaxMs ?? rancherDefaults.longPollRetryMaxMs;
    const floor = this.options.floorMs ?? rancherDefaults.requestFloorMs;
    const maxWaitS = Math.max(1, Math.ceil(this.options.maxWaitMs / 1000));
    const aborted = new Promise<undefined>((resolve) => {
      signal.addEventListener('abort', () => resolve(undefined), { once: true });
    });
    let last = await Promise.race([initial, aborted]);
    let delay = retryInitial;
    let ignored = 0;
    let lastStart = Number.NEGATIVE_INFINITY;
    while (!signal.aborted) {
      await this.sleep(lastStart + floor - clock.now());
      if (signal.aborted) return;
      lastStart = clock.now();
      try {
        if (last === undefined) {
          last = parseVersion(await client.getJson('version', { signal }), client.urlOf('version'));
          continue;
        }
        const query = { wait: 'true', value: last, maxWait: String(maxWaitS) };
        const answer = await client.getJson('version', {
          signal,
          query,
          timeout: maxWaitS * 1000 + this.options.timeoutMs,
        });
        const version = parseVersion(answer, client.urlOf('version', query));
        delay = retryInitial;
        if (version !== last) {
          ignored = 0;
          last = version;
          logger.debug({ version }, 'rancher metadata changed');
          this.options.onChange(version);
        } else if (clock.now() - lastStart < (maxWaitS * 1000) / 2) {
          if (++ignored >= rancherDefaults.longPollIgnoredAfter) {
            this.options.onUnsupported?.(client.urlOf('version', query));
            return;
          }
        } else {
          ignored = 0;
        }
      } catch (err) {
        if (signal.aborted) return;
        logger.debug(
          { err, retryInMs: delay },
          'rancher long poll failed; interval polling goes on',
        );
        await this.sleep(delay);
        delay = Math.min(delay * 2, retryMax);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    const { clock } = this.options;
    const signal = this.abort.signal;
    return new Promise((resolve) => {
      if (signal.aborted || ms <= 0) return resolve();
      const onAbort = () => {
        clock.clearTimeout(handle);
        resolve();
      };
      const handle = clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
