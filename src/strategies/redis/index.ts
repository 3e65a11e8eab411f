/** The `redis` strategy (issue 19). The `redis` package is loaded only when a node starts it. */
export { parseRedisConfig, type RedisConfig } from './redis-config.js';
export { RedisStrategy } from './redis-strategy.js';
