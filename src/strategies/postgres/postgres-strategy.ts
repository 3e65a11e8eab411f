import { HeartbeatStoreStrategy } from '../store/heartbeat-store-strategy.js';
import { loadPeer } from '../store/peer-dependency.js';
import type { StoreDriver } from '../store/store-session.js';
import { type PostgresConfig, parsePostgresConfig } from './postgres-config.js';

/**
 * `postgres` (issue 19): each node upserts a row `(node, expires_at = now() + ttl)` every
 * `heartbeatInterval` and NOTIFYs `join` when the row is new; every node LISTENs, reads the
 * rows whose `expires_at > now()` at each heartbeat and after each reconnect, and deletes
 * (and NOTIFYs `leave` for) rows that have expired. `now()` is the server's clock. On
 * node-postgres (`pg`), an optional peer dependency loaded at the first connect.
 */
export class PostgresStrategy extends HeartbeatStoreStrategy<PostgresConfig> {
  static parseConfig(raw: unknown): PostgresConfig {
    return parsePostgresConfig(raw);
  }

  protected async createDriver(): Promise<StoreDriver> {
    const pg = await loadPeer('pg', 'postgres', () => import('pg'));
    const { PostgresDriver } = await import('./postgres-driver.js');
    const { Client } = pg.default ?? pg;
    const { config, self } = this.context;
    return new PostgresDriver({ Client }, config, self, this.connectTimeout);
  }
}
