import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeDiff } from '../../src/core/node-set-diff.js';
import { hasPostgres, type PostgresServer, startPostgres } from '../helpers/postgres-server.js';
import { storeNode } from '../helpers/store-nodes.js';

// This file owns 127.137.5.0/24. Notifications are hints; the table is the truth.
let server: PostgresServer;

async function sql(text: string, params: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    await client.query(text, params);
  } finally {
    await client.end();
  }
}

const config = (table: string) => ({
  connectionString: server.url,
  table,
  channel: table,
  heartbeatInterval: 1_000,
  ttl: 3_000,
});

describe.skipIf(!hasPostgres())('store notifications from the field', () => {
  beforeAll(async () => {
    server = await startPostgres('127.137.5.1');
  }, 60_000);
  afterAll(() => server.stop());

  // firezone/firezone#11783: a goodbye arrives from a node we never saw join.
  it('ignores a leave for a node it never listed, and garbage payloads', async () => {
    const n = storeNode('postgres', config('f_goodbye'), 'hello@127.137.5.10');
    const diffs: NodeDiff[] = [];
    n.strategy.on('diff', (d) => diffs.push(d));
    await n.strategy.start();
    await n.strategy.whenConnected();
    diffs.length = 0;
    await sql("SELECT pg_notify('f_goodbye', 'leave hello@127.137.5.99')");
    await sql("SELECT pg_notify('f_goodbye', 'nonsense')");
    await sql("SELECT pg_notify('f_goodbye', 'join not a node name')");
    // A join after them, in order on the same channel: when it lands, the others have been handled.
    await sql("SELECT pg_notify('f_goodbye', 'join hello@127.137.5.11')");
    await n.waitForKnown(['hello@127.137.5.10', 'hello@127.137.5.11']);
    expect(diffs).toEqual([{ added: ['hello@127.137.5.11'], removed: [] }]);
    expect(n.errors).toEqual([]);
    await n.strategy.stop();
  });

  // nerves-hub/nerves_hub_web#1151: "if a notification is missed, the heartbeat catches the node".
  it('lists a row whose NOTIFY never came, at the next heartbeat', async () => {
    const n = storeNode('postgres', config('f_missed'), 'hello@127.137.5.20');
    await n.strategy.start();
    await n.strategy.whenConnected();
    await sql("INSERT INTO f_missed (node, expires_at) VALUES ($1, now() + interval '1 hour')", [
      'hello@127.137.5.21',
    ]);
    await n.waitForKnown(['hello@127.137.5.20', 'hello@127.137.5.21']);
    await n.strategy.stop();
  });

  it('skips a row that is not a node name with one warning, and keeps the rest', async () => {
    const n = storeNode('postgres', config('f_bad_row'), 'hello@127.137.5.30');
    const warnings: string[] = [];
    n.strategy.on('warning', (w) => warnings.push(w.code));
    await n.strategy.start();
    await n.strategy.whenConnected();
    await sql(
      "INSERT INTO f_bad_row (node, expires_at) VALUES ('<script>', now() + interval '1 hour'), ($1, now() + interval '1 hour')",
      ['hello@127.137.5.31'],
    );
    await n.waitForKnown(['hello@127.137.5.30', 'hello@127.137.5.31']);
    await n.strategy.syncNow();
    expect(warnings).toEqual(['MUSTER_ERR_STORE_ENTRY_INVALID']);
    await n.strategy.stop();
  });
});
