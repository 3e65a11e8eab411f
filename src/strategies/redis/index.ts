/** The Redis strategy, as `muster-cluster/strategies` exports it. */
export type { RedisConfig } from './redis-config.js';
export { RedisStrategy } from './redis-strategy.js';
