import type { StrategyContext } from '../../core/strategy.js';
import { loadPeer } from '../store/peer-dependency.js';
import type { StoreDriver } from '../store/store-session.js';
import { StoreStrategy } from '../store/store-strategy.js';
import { type EtcdConfig, parseEtcdConfig } from './etcd-config.js';

/**
 * `etcd` (issue 19): each node puts `<prefix><name>` under a lease of `ttl` kept alive by
 * etcd3; every node reads the prefix and watches it from the next revision, and reads again
 * when that revision has been compacted or after a reconnect. Revoking the lease on stop
 * deletes the key at once. On `etcd3`, an optional peer dependency loaded at the first connect.
 */
export class EtcdStrategy extends StoreStrategy<EtcdConfig> {
  static parseConfig(raw: unknown): EtcdConfig {
    return parseEtcdConfig(raw);
  }

  /** No cycle: the lease and the watch keep everything current. */
  protected readonly cycleInterval = undefined;
  protected readonly operationTimeout: number;

  constructor(context: StrategyContext<EtcdConfig>) {
    super(context);
    // Calls happen only at connect, resync and stop (the lease keeps itself alive): one
    // slower than the lease itself means the entry is lapsing anyway.
    this.operationTimeout = context.config.ttl;
  }

  protected async createDriver(): Promise<StoreDriver> {
    const etcd3 = await loadPeer('etcd3', 'etcd', () => import('etcd3'));
    const { EtcdDriver } = await import('./etcd-driver.js');
    return new EtcdDriver(etcd3.Etcd3, this.context.config, this.context.self, this.connectTimeout);
  }
}
