import pg from 'pg';
import { describe } from 'vitest';
import {
  hasPostgres,
  POSTGRES_PASSWORD,
  type PostgresServer,
  startPostgres,
} from '../../helpers/postgres-server.js';
import { storeScenarios } from '../../helpers/store-scenarios.js';

// This file owns 127.137.1.0/24 for the server (node names use 127.137.<n>.x as names only).
let server: PostgresServer;

async function withClient<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe.skipIf(!hasPostgres())('postgres strategy', () => {
  storeScenarios({
    strategy: 'postgres',
    ttl: 3_000,
    secret: POSTGRES_PASSWORD,
    async start() {
      server = await startPostgres('127.137.1.1');
    },
    stop: () => server.stop(),
    config: (ns, overrides = {}) => ({
      connectionString: server.url,
      table: `m_${ns}`,
      channel: `c_${ns}`,
      heartbeatInterval: 1_000,
      ttl: 3_000,
      ...overrides,
    }),
    setEntries: (ns, names, keep) =>
      withClient(async (c) => {
        const t = `m_${ns}`;
        await c.query(
          `CREATE TABLE IF NOT EXISTS ${t} (node text PRIMARY KEY, expires_at timestamptz NOT NULL)`,
        );
        await c.query(`DELETE FROM ${t} WHERE NOT (node = ANY($1))`, [[...names, ...keep]]);
        for (const n of names) {
          await c.query(
            `INSERT INTO ${t} VALUES ($1, now() + interval '1 hour') ON CONFLICT (node) DO NOTHING`,
            [n],
          );
        }
      }),
    kill: () => server.kill(),
    restart: () => server.restart(),
    pause: () => server.pause(),
    resume: () => server.resume(),
  });
});
