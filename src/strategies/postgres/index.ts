/** The `postgres` strategy (issue 19). `pg` is loaded only when a node starts it. */
export { type PostgresConfig, parsePostgresConfig } from './postgres-config.js';
export { PostgresStrategy } from './postgres-strategy.js';
