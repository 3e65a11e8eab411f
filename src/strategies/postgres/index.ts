/** The PostgreSQL strategy, as `muster-cluster/strategies` exports it. */
export type { PostgresConfig } from './postgres-config.js';
export { PostgresStrategy } from './postgres-strategy.js';
