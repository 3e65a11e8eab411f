import { backoffDelay } from '../../core/backoff.js';
import type { Clock } from '../../core/clock.js';
import { DiscoveryError, MusterError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { kubernetesDefaults } from './kubernetes-defaults.js';
import {
  KubernetesForbiddenError,
  KubernetesGoneError,
  KubernetesHttpError,
  KubernetesUnreachableError,
} from './kubernetes-errors.js';
import type { KubernetesApiClient } from './kubernetes-http-client.js';
import { accessOf, listAll, pathOf, type ResourceRef } from './kubernetes-lister.js';
import { parseWatchEvent, resourceVersionOf } from './kubernetes-shapes.js';
import { parseStatus, statusError } from './kubernetes-status.js';

export type ObjectEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ReflectorOptions {
  readonly client: KubernetesApiClient;
  /** The collection; resolved once (the namespace may come from a file). */
  readonly ref: () => Promise<ResourceRef>;
  readonly pageSize: number;
  readonly watch: boolean;
  readonly pollingInterval: number;
  readonly tokenPath: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly random?: () => number;
  /** A complete, consistent list: replace everything known. */
  onList(items: readonly unknown[]): void;
  /** One change seen by the watch. */
  onEvent(type: ObjectEventType, object: Record<string, unknown>): void;
  /** A list or watch failed; what is known stays. */
  onError(error: MusterError): void;
}

/** Why a watch session ended: relist (410, relist asked), or poll (the watch was refused). */
type WatchOutcome = 'relist' | 'poll' | 'stopped';

/**
 * List, then watch from the list's resourceVersion (API concepts, "Efficient detection of
 * changes"), as client-go's reflector does:
 *
 * - the watch asks for bookmarks, so a reconnect resumes from a recent resourceVersion;
 * - a 410 Gone (HTTP status or a watch ERROR event) means the version is compacted: relist;
 * - a dropped or failed watch resumes from the last resourceVersion after a jittered backoff;
 * - a refused watch (403, 405) and `watch: false` poll instead: list every `pollingInterval`;
 * - a failed list reports an error, keeps everything, and tries again after the interval.
 */
export class Reflector {
  private readonly stopping = new AbortController();
  private cycle: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private relistAsked = false;
  private listWaiters: (() => void)[] = [];
  private watchRefusedUntil = Number.NEGATIVE_INFINITY;
  private resourceVersion: string | undefined;

  constructor(private readonly o: ReflectorOptions) {}

  start(): void {
    this.loop ??= this.run().catch((err: unknown) => {
      this.o.logger.error({ err }, 'kubernetes reflector stopped unexpectedly');
    });
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.cycle?.abort();
    await this.loop;
    this.wakeListWaiters();
    this.o.client.close();
  }

  /** Lists afresh now (ending the current watch or wait); resolves when that list finished. */
  relist(): Promise<void> {
    if (this.stopping.signal.aborted || this.loop === undefined) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.listWaiters.push(resolve));
    this.relistAsked = true;
    this.cycle?.abort();
    return done;
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private nextCycle(): AbortSignal {
    this.cycle = new AbortController();
    return this.cycle.signal;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.relistAsked = false;
      const signal = this.nextCycle();
      let items: readonly unknown[];
      try {
        const ref = await this.o.ref();
        const listed = await listAll(
          this.o.client,
          ref,
          this.o.pageSize,
          signal,
          kubernetesDefaults.listRestarts,
        );
        items = listed.items;
        this.resourceVersion = listed.resourceVersion;
      } catch (err) {
        if (this.stopped) return;
        if (signal.aborted) continue;
        this.o.onError(asMusterError(err));
        this.wakeListWaiters();
        await this.sleep(this.o.pollingInterval);
        continue;
      }
      this.o.onList(items);
      this.wakeListWaiters();
      const outcome =
        this.o.watch && this.o.clock.now() >= this.watchRefusedUntil ? await this.watch() : 'poll';
      if (outcome === 'stopped') return;
      if (outcome === 'poll') await this.sleep(this.o.pollingInterval);
    }
  }

  /** Watches until a relist is needed, the watch is refused, or the reflector stops. */
  private async watch(): Promise<WatchOutcome> {
    const ref = await this.o.ref();
    const access = accessOf(ref, 'watch');
    let failures = 0;
    while (!this.stopped) {
      if (this.relistAsked) return 'relist';
      const signal = this.nextCycle();
      const random = this.o.random ?? Math.random;
      const timeoutSeconds = Math.round(kubernetesDefaults.watchTimeoutSeconds * (1 + random()));
      const path = pathOf(ref, {
        watch: '1',
        resourceVersion: this.resourceVersion ?? '',
        allowWatchBookmarks: 'true',
        timeoutSeconds: String(timeoutSeconds),
      });
      const started = this.o.clock.now();
      let events = 0;
      let opened = false;
      try {
        await this.o.client.watch(
          path,
          access,
          signal,
          timeoutSeconds * 1000 + kubernetesDefaults.watchIdleGraceMs,
          (raw) => {
            if (signal.aborted) return;
            const event = parseWatchEvent(raw, path);
            if (event.type === 'ERROR') {
              const status = parseStatus(event.object);
              throw statusError(status.code ?? 500, status, path, access, this.o.tokenPath);
            }
            const rv = resourceVersionOf(event.object);
            if (event.type !== 'BOOKMARK') {
              events++;
              this.o.onEvent(event.type, event.object);
            }
            if (rv !== undefined && rv !== '') this.resourceVersion = rv;
          },
          () => {
            opened = true;
          },
        );
        if (signal.aborted) continue;
        // The server closed the watch at its timeout: resume at once, unless it is spinning.
        const healthy =
          events > 0 || this.o.clock.now() - started >= kubernetesDefaults.watchMinHealthyMs;
        if (healthy) failures = 0;
        else await this.sleep(this.backoff(failures++));
      } catch (err) {
        if (this.stopped) return 'stopped';
        if (signal.aborted) continue;
        if (err instanceof KubernetesGoneError) {
          this.o.logger.debug({ path }, 'watch resourceVersion expired (410); relisting');
          return 'relist';
        }
        if (refused(err)) {
          this.o.onError(err as MusterError);
          this.watchRefusedUntil = this.o.clock.now() + kubernetesDefaults.watchRetryAfterRefusalMs;
          return 'poll';
        }
        if (opened && err instanceof KubernetesUnreachableError) {
          // A watch cut mid-stream (an API server restart, an idle proxy): routine, not news.
          this.o.logger.debug({ err }, 'watch dropped; resuming');
        } else {
          this.o.onError(asMusterError(err));
        }
        await this.sleep(this.backoff(failures++));
      }
    }
    return 'stopped';
  }

  private backoff(attempt: number): number {
    return backoffDelay(
      {
        initialDelayMs: kubernetesDefaults.retryInitialMs,
        maxDelayMs: kubernetesDefaults.retryMaxMs,
      },
      attempt,
      this.o.random,
    );
  }

  /** Waits `ms`, cut short by a relist request or stop. */
  private sleep(ms: number): Promise<void> {
    const signal = this.cycle?.signal;
    return new Promise((resolve) => {
      if (this.stopped || signal?.aborted || this.relistAsked) return resolve();
      const { clock } = this.o;
      const wake = () => {
        clock.clearTimeout(handle);
        signal?.removeEventListener('abort', wake);
        this.stopping.signal.removeEventListener('abort', wake);
        resolve();
      };
      const handle = clock.setTimeout(wake, ms);
      signal?.addEventListener('abort', wake, { once: true });
      this.stopping.signal.addEventListener('abort', wake, { once: true });
    });
  }

  private wakeListWaiters(): void {
    for (const resolve of this.listWaiters.splice(0)) resolve();
  }
}

/** A watch the server will not serve: no permission, or no watch verb (405). */
function refused(err: unknown): boolean {
  return (
    err instanceof KubernetesForbiddenError ||
    (err instanceof KubernetesHttpError && err.status === 405)
  );
}

function asMusterError(err: unknown): MusterError {
  if (err instanceof MusterError) return err;
  return new DiscoveryError('kubernetes', err instanceof Error ? err.message : String(err), {
    cause: err,
  });
}
