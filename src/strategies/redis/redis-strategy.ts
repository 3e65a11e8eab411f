import { HeartbeatStoreStrategy } from '../store/heartbeat-store-strategy.js';
import { loadPeer } from '../store/peer-dependency.js';
import type { StoreDriver } from '../store/store-session.js';
import { parseRedisConfig, type RedisConfig } from './redis-config.js';

/**
 * `redis` (issue 19): each node SETs `<prefix>node:<name>` with `PX ttl` every
 * `heartbeatInterval` and PUBLISHes `join` on `<prefix>events` when the key was new; every
 * node SUBSCRIBEs, and SCANs the keys at each heartbeat and after each reconnect (Redis
 * expires keys by its own clock, silently: the SCAN is what notices). On node-redis (the
 * `redis` package), an optional peer dependency loaded at the first connect.
 */
export class RedisStrategy extends HeartbeatStoreStrategy<RedisConfig> {
  static parseConfig(raw: unknown): RedisConfig {
    return parseRedisConfig(raw);
  }

  protected async createDriver(): Promise<StoreDriver> {
    const redis = await loadPeer('redis', 'redis', () => import('redis'));
    const { RedisDriver } = await import('./redis-driver.js');
    const { config, self } = this.context;
    return new RedisDriver(redis.createClient, config, self, this.connectTimeout);
  }
}
