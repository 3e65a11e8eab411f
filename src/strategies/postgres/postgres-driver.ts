import type { Client, Notification } from 'pg';
import type { NodeName } from '../../core/node-name.js';
import { redactUrl } from '../store/redact-url.js';
import type { StoreDriver, StoreListener, StoreSession } from '../store/store-session.js';
import type { PostgresConfig } from './postgres-config.js';
import { type PostgresStatements, postgresStatements } from './postgres-sql.js';

type PgModule = { readonly Client: typeof import('pg').Client };

/**
 * One pg Client per session: it runs the statements and LISTENs on the channel. A row per
 * node with a server-side `expires_at` is the truth; NOTIFY only makes changes arrive early.
 */
export class PostgresDriver implements StoreDriver {
  readonly target: string;

  constructor(
    private readonly pg: PgModule,
    private readonly config: PostgresConfig,
    private readonly self: NodeName,
    private readonly timeoutMs: number,
  ) {
    this.target = redactUrl(config.connectionString);
  }

  async open(listener: StoreListener): Promise<StoreSession> {
    const client = new this.pg.Client({
      connectionString: this.config.connectionString,
      connectionTimeoutMillis: this.timeoutMs,
      keepAlive: true,
      application_name: 'muster',
    });
    // Registered before connect: a connection error must never be an unhandled 'error'.
    client.on('error', (err) => listener.lost(err));
    client.on('end', () => listener.lost(new Error('connection closed by the server')));
    try {
      await client.connect();
      const sql = postgresStatements(this.config.table, this.config.channel, (id) =>
        client.escapeIdentifier(id),
      );
      await ensureTable(client, sql, this.config.table);
      client.on('notification', (msg) => onNotification(msg, this.config.channel, listener));
      await client.query(sql.listen);
      return new PostgresSession(client, sql, this.config, this.self);
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
  }
}

async function ensureTable(client: Client, sql: PostgresStatements, table: string) {
  const { rows } = await client.query<{ present: boolean }>(sql.exists, [table]);
  if (rows[0]?.present) return;
  await client.query('BEGIN');
  try {
    await client.query(sql.lock, [`muster:${table}`]);
    await client.query(sql.create);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

function onNotification(msg: Notification, channel: string, listener: StoreListener): void {
  if (msg.channel !== channel || msg.payload === undefined) return;
  const space = msg.payload.indexOf(' ');
  const op = msg.payload.slice(0, space);
  const node = msg.payload.slice(space + 1);
  if (op === 'join' || op === 'leave') listener.changed([{ entry: node, join: op === 'join' }]);
}

class PostgresSession implements StoreSession {
  constructor(
    private readonly client: Client,
    private readonly sql: PostgresStatements,
    private readonly config: PostgresConfig,
    private readonly self: NodeName,
  ) {}

  async announce(): Promise<void> {
    const { rows } = await this.client.query<{ stale: boolean | null }>(this.sql.announce, [
      this.self,
      this.config.ttl,
    ]);
    if (rows[0]?.stale !== false) {
      await this.client.query(this.sql.notify, [this.config.channel, `join ${this.self}`]);
    }
    await this.client.query(this.sql.reap, [this.config.channel]);
  }

  async list(): Promise<string[]> {
    const { rows } = await this.client.query<{ node: string }>(this.sql.list);
    return rows.map((r) => r.node);
  }

  async withdraw(): Promise<void> {
    await this.client.query(this.sql.withdraw, [this.self, this.config.channel]);
  }

  async close(): Promise<void> {
    this.client.removeAllListeners('error');
    this.client.removeAllListeners('end');
    this.client.removeAllListeners('notification');
    // A client whose server is gone or paused may never finish `end()`: do not wait for it.
    this.client.on('error', () => {});
    void this.client.end().catch(() => {});
  }
}
