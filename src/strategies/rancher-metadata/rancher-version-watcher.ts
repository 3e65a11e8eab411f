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
  readonly retryInitialMs?: number;
  readonly retryMaxMs?: number;
}

/**
 * Long-polls `version?wait=true&value=<last>&maxWait=<s>` in a loop and calls `onChange` when
 * the metadata changes. A failed long poll is retried with doubling delays (the interval poll
 * goes on meanwhile, so a broken long poll only makes reactions slower, never wrong).
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
    const { client, logger } = this.options;
    const signal = this.abort.signal;
    const retryInitial = this.options.retryInitialMs ?? rancherDefaults.longPollRetryInitialMs;
    const retryMax = this.options.retryMaxMs ?? rancherDefaults.longPollRetryMaxMs;
    const maxWaitS = Math.max(1, Math.ceil(this.options.maxWaitMs / 1000));
    const aborted = new Promise<undefined>((resolve) => {
      signal.addEventListener('abort', () => resolve(undefined), { once: true });
    });
    let last = await Promise.race([initial, aborted]);
    let delay = retryInitial;
    while (!signal.aborted) {
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
          last = version;
          logger.debug({ version }, 'rancher metadata changed');
          this.options.onChange(version);
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
      if (signal.aborted) return resolve();
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
