import type { TimerHandle } from '../../core/clock.js';
import type { NodeName } from '../../core/node-name.js';
import { nodeName } from '../../core/node-name.js';
import type { StrategyContext } from '../../core/strategy.js';
import { PollingStrategy } from '../polling-strategy.js';
import { parseRancherMetadataConfig, type RancherMetadataConfig } from './rancher-config.js';
import { rancherDefaults } from './rancher-defaults.js';
import { RancherContainerSkippedError, RancherLongPollUnsupportedError } from './rancher-errors.js';
import { RancherMetadataClient } from './rancher-http-client.js';
import { readServiceContainers } from './rancher-service-reader.js';
import { badIpReason, parseVersion, type RancherContainer } from './rancher-shapes.js';
import { VersionWatcher } from './rancher-version-watcher.js';

/**
 * Discovery on the Rancher 1.x metadata API: the running (and healthy) containers of one
 * service, as `basename@primary_ip`. Polls every `pollingInterval` and long-polls `version`
 * to poll again as soon as anything changes. A service that ignores long polls is polled at
 * the interval (with jitter) instead, and polls a change triggers are at least
 * `requestFloorMs` apart, so no answer of the service can make it loop.
 *
 * A failed read (5xx, timeout, non-JSON, oversized body, a field of the wrong type) fails the
 * poll and keeps the known set; one container without a usable IP is skipped with a warning.
 */
export class RancherMetadataStrategy extends PollingStrategy<RancherMetadataConfig> {
  static parseConfig(raw: unknown): RancherMetadataConfig {
    return parseRancherMetadataConfig(raw);
  }

  private readonly client: RancherMetadataClient;
  private watcher: VersionWatcher | undefined;
  private resolveFirstVersion: ((v: string | undefined) => void) | undefined;
  /** Containers already warned about, so a stuck container warns once, not every poll. */
  private warned = new Set<string>();
  private lastPollAt = Number.NEGATIVE_INFINITY;
  private changeTimer: TimerHandle | undefined;

  constructor(context: StrategyContext<RancherMetadataConfig>) {
    super(context);
    const { config } = context;
    this.client = new RancherMetadataClient({
      url: config.url,
      apiVersion: config.apiVersion,
      timeout: config.timeout,
      maxBodyBytes: config.maxBodyBytes,
    });
  }

  protected override onStart(): void {
    const { config, clock, logger } = this.context;
    if (config.longPoll) {
      const firstVersion = new Promise<string | undefined>((resolve) => {
        this.resolveFirstVersion = resolve;
      });
      this.watcher = new VersionWatcher({
        client: this.client,
        clock,
        logger,
        maxWaitMs: config.longPollMaxWait,
        timeoutMs: config.timeout,
        onChange: () => this.pollAfterChange(),
        onUnsupported: (url) => this.warn(new RancherLongPollUnsupportedError(url)),
      });
      this.watcher.start(firstVersion);
    }
    super.onStart();
  }

  protected override async onStop(): Promise<void> {
    this.settleFirstVersion(undefined);
    if (this.changeTimer !== undefined) this.context.clock.clearTimeout(this.changeTimer);
    this.changeTimer = undefined;
    const watcher = this.watcher;
    this.watcher = undefined;
    await Promise.all([watcher?.stop(), super.onStop()]);
  }

  protected async poll(signal: AbortSignal): Promise<Set<NodeName>> {
    const { config } = this.context;
    this.lastPollAt = this.context.clock.now();
    try {
      // Read the version first: the long poll then waits for anything newer than what this
      // poll is about to read, so no change can slip between the two.
      if (config.longPoll) {
        const version = parseVersion(
          await this.client.getJson('version', { signal }),
          this.client.urlOf('version'),
        );
        this.settleFirstVersion(version);
      }
      const containers = await readServiceContainers(this.client, {
        apiVersion: config.apiVersion,
        service: config.service,
        concurrency: rancherDefaults.containerFetchConcurrency,
        signal,
      });
      return this.wanted(containers);
    } finally {
      this.settleFirstVersion(undefined);
    }
  }

  protected override nextPollDelay(): number {
    const { pollingInterval } = this.context.config;
    const spread = rancherDefaults.pollingJitter;
    return Math.round(pollingInterval * (1 - spread + 2 * spread * Math.random()));
  }

  /** A change seen by the long poll: poll now, or once the floor since the last poll passed. */
  private pollAfterChange(): void {
    if (this.changeTimer !== undefined) return;
    const wait = this.lastPollAt + rancherDefaults.requestFloorMs - this.context.clock.now();
    if (wait <= 0) {
      this.requestPoll();
      return;
    }
    this.changeTimer = this.context.clock.setTimeout(() => {
      this.changeTimer = undefined;
      this.requestPoll();
    }, wait);
  }

  private wanted(containers: readonly RancherContainer[]): Set<NodeName> {
    const { nodeBasename, requireHealthy } = this.context.config;
    const out = new Set<NodeName>();
    const warnedNow = new Set<string>();
    for (const c of containers) {
      if (c.state !== 'running') continue;
      if (requireHealthy && c.healthState !== null && c.healthState !== 'healthy') continue;
      const reason = badIpReason(c.primaryIp);
      if (reason !== undefined) {
        const label = c.name ?? '(unnamed)';
        warnedNow.add(label);
        if (!this.warned.has(label)) this.warn(new RancherContainerSkippedError(label, reason));
        continue;
      }
      out.add(nodeName(nodeBasename, c.primaryIp as string));
    }
    this.warned = warnedNow;
    return out;
  }

  private settleFirstVersion(version: string | undefined): void {
    const resolve = this.resolveFirstVersion;
    this.resolveFirstVersion = undefined;
    resolve?.(version);
  }
}
