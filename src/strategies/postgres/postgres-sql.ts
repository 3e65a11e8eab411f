/**
 * The statements of the postgres strategy, built once per config from quoted identifiers.
 * Every time comparison uses the server's `now()`: a client clock never decides expiry.
 * Notification payloads are `join <node>` and `leave <node>`.
 */
export interface PostgresStatements {
  readonly exists: string;
  readonly lock: string;
  readonly create: string;
  readonly listen: string;
  readonly announce: string;
  readonly reap: string;
  readonly list: string;
  readonly withdraw: string;
  readonly notify: string;
}

/** `quote` is pg's escapeIdentifier; `table` may be `schema.name`. */
export function postgresStatements(
  table: string,
  channel: string,
  quote: (identifier: string) => string,
): PostgresStatements {
  const t = table.split('.').map(quote).join('.');
  return {
    exists: 'SELECT to_regclass($1) IS NOT NULL AS present',
    // Two nodes creating the table at once race in the catalog; the lock serialises them.
    lock: 'SELECT pg_advisory_xact_lock(hashtext($1))',
    create: `CREATE TABLE IF NOT EXISTS ${t} (node text PRIMARY KEY, expires_at timestamptz NOT NULL)`,
    listen: `LISTEN ${quote(channel)}`,
    // `stale` is null for a new row and true for one that had expired: both are a join.
    announce: `INSERT INTO ${t} AS n (node, expires_at) VALUES ($1, now() + $2 * interval '1 millisecond') ON CONFLICT (node) DO UPDATE SET expires_at = EXCLUDED.expires_at RETURNING (SELECT o.expires_at <= now() FROM ${t} o WHERE o.node = $1) AS stale`,
    // Expired rows are deleted by whoever sees them first, and announced as leaves.
    reap: `WITH gone AS (DELETE FROM ${t} WHERE expires_at <= now() RETURNING node) SELECT pg_notify($1, 'leave ' || node) FROM gone`,
    list: `SELECT node FROM ${t} WHERE expires_at > now()`,
    withdraw: `WITH gone AS (DELETE FROM ${t} WHERE node = $1 RETURNING node) SELECT pg_notify($2, 'leave ' || node) FROM gone`,
    notify: 'SELECT pg_notify($1, $2)',
  };
}
