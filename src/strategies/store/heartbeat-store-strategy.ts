import type { StrategyContext } from '../../core/strategy.js';
import type { StoreTiming } from './store-config.js';
import { StoreStrategy } from './store-strategy.js';

/**
 * A store strategy that refreshes its own entry and re-reads everyone's every
 * `heartbeatInterval` (postgres, redis), as opposed to one whose store keeps it alive (etcd).
 * Any call slower than a heartbeat counts as a lost store: the entry would lapse anyway.
 * Connecting (TLS, SCRAM, subscribing) may take up to `ttl`.
 */
export abstract class HeartbeatStoreStrategy<
  Config extends StoreTiming,
> extends StoreStrategy<Config> {
  protected readonly cycleInterval: number;
  protected readonly operationTimeout: number;

  constructor(context: StrategyContext<Config>) {
    super(context);
    this.cycleInterval = context.config.heartbeatInterval;
    this.operationTimeout = context.config.heartbeatInterval;
  }

  protected override get connectTimeout(): number {
    return this.context.config.ttl;
  }
}
