import type { StrategyContext } from '../../core/strategy.js';
import { loadPeer } from '../store/peer-dependency.js';
import type { StoreDriver } from '../store/store-session.js';
import { StoreStrategy } from '../store/store-strategy.js';
import { type PostgresConfig, parsePostgresConfig } from './postgres-config.js';

/**
 * `postgres` (issue 19): each node upserts a row `(node, expires_at = now() + ttl)` every
 * `heartbeatInterval` and NOTIFYs `join` when the row is new; every node LISTENs, reads the
 * rows whose `expires_at > now()` at each heartbeat and after each reconnect, and deletes
 * (and NOTIFYs `leave` for) rows that have expired. `now()` is the server's clock. On
 * node-postgres (`pg`), an optional peer dependency loaded at the first connect.
 */
export class PostgresStrategy extends StoreStrategy<PostgresConfig> {
  static parseConfig(raw: unknown): PostgresConfig {
    return parsePostgresConfig(raw);
  }

  protected readonly cycleInterval: number;
  protected readonly operationTimeout: number;

  constructor(context: StrategyContext<PostgresConfig>) {
    super(context);
    this.cycleInterval = context.config.heartbeatInterval;
    // A store slower than a heartbeat is treated as lost: the entry would lapse anyway.
    this.operationTimeout = context.config.heartbeatInterval;
  }

  protected override get connectTimeout(): number {
    return this.context.config.ttl;
  }

  protected async createDriver(): Promise<StoreDriver> {
    const pg = await loadPeer('pg', 'postgres', () => import('pg'));
    const { PostgresDriver } = await import('./postgres-driver.js');
    const { Client } = pg.default ?? pg;
    return new PostgresDriver(
      { Client },
      this.context.config,
      this.context.self,
      this.connectTimeout,
    );
  }
}
